import Foundation
import NIOConcurrencyHelpers

/// Request counts and latency by method, route template and status class, in Prometheus text format.
/// Per instance, as Prometheus expects: each instance is scraped on its own. No personal data: labels are templates.
final class RequestMetrics: Sendable {
    static let buckets: [Double] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

    private struct Series { var count = 0; var sum = 0.0; var buckets = [Int](repeating: 0, count: RequestMetrics.buckets.count) }
    private struct Key: Hashable { let method: String; let route: String; let status: String }
    private let state = NIOLockedValueBox([Key: Series]())

    func record(method: String, route: String, status: Int, seconds: Double) {
        let key = Key(method: method, route: route, status: "\(status / 100)xx")
        state.withLockedValue { all in
            var s = all[key] ?? Series()
            s.count += 1
            s.sum += seconds
            for (i, bound) in Self.buckets.enumerated() where seconds <= bound { s.buckets[i] += 1 }
            all[key] = s
        }
    }

    func render(extra: [(name: String, help: String, value: Double)] = []) -> String {
        let snapshot = state.withLockedValue { $0 }
        var out = "# HELP badil_http_requests_total HTTP requests by route template and status class.\n"
        out += "# TYPE badil_http_requests_total counter\n"
        let keys = snapshot.keys.sorted { ($0.route, $0.method, $0.status) < ($1.route, $1.method, $1.status) }
        func labels(_ k: Key) -> String { "method=\"\(k.method)\",route=\"\(escape(k.route))\",status=\"\(k.status)\"" }
        for k in keys { out += "badil_http_requests_total{\(labels(k))} \(snapshot[k]!.count)\n" }
        out += "# HELP badil_http_request_duration_seconds Request latency.\n"
        out += "# TYPE badil_http_request_duration_seconds histogram\n"
        for k in keys {
            let s = snapshot[k]!
            for (i, bound) in Self.buckets.enumerated() {
                out += "badil_http_request_duration_seconds_bucket{\(labels(k)),le=\"\(bound)\"} \(s.buckets[i])\n"
            }
            out += "badil_http_request_duration_seconds_bucket{\(labels(k)),le=\"+Inf\"} \(s.count)\n"
            out += "badil_http_request_duration_seconds_sum{\(labels(k))} \(s.sum)\n"
            out += "badil_http_request_duration_seconds_count{\(labels(k))} \(s.count)\n"
        }
        for e in extra {
            out += "# HELP \(e.name) \(e.help)\n# TYPE \(e.name) gauge\n\(e.name) \(e.value)\n"
        }
        return out
    }

    private func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
    }
}
