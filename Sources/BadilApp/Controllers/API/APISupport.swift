import Foundation
import Vapor
import BadilCore

extension Request {
    func page() -> Paging {
        Paging(page: try? query.get(Int.self, at: "page"), size: try? query.get(Int.self, at: "pageSize"))
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

    func uuidParameter(_ name: String = "id") throws -> UUID {
        guard let raw = parameters.get(name), let id = UUID(uuidString: raw) else { throw DomainError.notFound }
        return id
    }

    func pageDTO<R, D: Content>(_ result: (items: [R], total: Int), _ map: (R) -> D) -> PageDTO<D> {
        let p = page()
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
