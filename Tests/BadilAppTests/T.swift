import Testing
import VaporTesting
@Test func app() { #expect(true) }
