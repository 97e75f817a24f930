import Dispatch
import Foundation

/// Time spent per phase of a request, printed only when `BADIL_TRACE_CANDIDATES` is set (benchmarks use it to
/// show where the time of a candidate search or a batch registration goes; docs/benchmarks.md).
final class PhaseClock: @unchecked Sendable {
    static let enabled = ProcessInfo.processInfo.environment["BADIL_TRACE_CANDIDATES"] != nil
    private var last = DispatchTime.now().uptimeNanoseconds
    private let prefix: String

    init(_ prefix: String = "") { self.prefix = prefix }

    func mark(_ what: @autoclosure () -> String) {
        guard Self.enabled else { return }
        let now = DispatchTime.now().uptimeNanoseconds
        print("  \(prefix)\(what()): \(Double(now - last) / 1e6) ms")
        last = now
    }
}
