import Testing
@testable import BadilCore
@Test func placeholderCore() { #expect(Role.allCases.count == 11) }
