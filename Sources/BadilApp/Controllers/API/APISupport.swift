import Foundation
import Vapor
import BadilCore

extension Request {
    /// Paging from `page` and `pageSize`; a value that is not a whole number in range is a 400.
    func page() throws -> Paging {
        func number(_ name: String, _ range: ClosedRange<Int>) throws -> Int? {
            guard let raw: String = try? query.get(String.self, at: name) else { return nil }
            guard let n = Int(raw), range.contains(n) else {
                throw BodyError(code: "invalid_parameter", issues: [FieldIssue(name, "out_of_range", ["min": String(range.lowerBound), "max": String(range.upperBound)])])
            }
            return n
        }
        return Paging(page: try number("page", 1...1_000_000), size: try number("pageSize", 1...Paging.maxSize))
    }

    /// An optional text filter from the query string.
    func filterText(_ name: String) -> String? {
        guard let raw = try? query.get(String.self, at: name) else { return nil }
        let trimmed = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? nil : String(trimmed.prefix(100))
    }

    /// An optional enum filter; an unknown value is a 400 naming the parameter.
    func filterChoice<E: RawRepresentable & CaseIterable>(_ name: String, _ type: E.Type) throws -> E? where E.RawValue == String {
        guard let raw = filterText(name) else { return nil }
        guard let value = E(rawValue: raw) else {
            throw BodyError(code: "invalid_parameter", issues: [FieldIssue(name, "unknown_value",
                ["allowed": E.allCases.map(\.rawValue).joined(separator: ", ")])])
        }
        return value
    }

    /// An optional true/false filter; anything else is a 400.
    func filterBool(_ name: String) throws -> Bool? {
        guard let raw: String = try? query.get(String.self, at: name) else { return nil }
        switch raw { case "true": return true; case "false": return false
        default: throw BodyError(code: "invalid_parameter", issues: [FieldIssue(name, "invalid_value")]) }
    }

    /// An optional UUID filter; present but not a UUID is a 400.
    func filterUUID(_ name: String) throws -> UUID? {
        guard let raw: String = try? query.get(String.self, at: name) else { return nil }
        guard let id = UUID(uuidString: raw) else { throw BodyError(code: "invalid_parameter", issues: [FieldIssue(name, "invalid_value")]) }
        return id
    }

    func uuidParameter(_ name: String = "id") throws -> UUID {
        guard let raw = parameters.get(name), let id = UUID(uuidString: raw) else { throw DomainError.notFound }
        return id
    }

    func pageDTO<R, D: Content>(_ result: (items: [R], total: Int), _ map: (R) -> D) throws -> PageDTO<D> {
        let p = try page()
        return PageDTO(items: result.items.map(map), page: p.page, pageSize: p.size, total: result.total)
    }
}

extension Content {
    /// Encodes with a status and the record's version as ETag.
    func response(_ status: HTTPStatus = .ok, version: Int? = nil, for req: Request) async throws -> Response {
        let response = try await encodeResponse(status: status, for: req)
        if let version { _ = response.withETag(version) }
        return response
    }
}
