import Foundation
import Vapor
import BadilCore

/// A body that could not be read: malformed JSON, wrong types, unknown fields.
struct BodyError: Error {
    let code: String
    let issues: [FieldIssue]?
}

extension Request {
    /// Decodes a JSON body strictly: an object, only known fields, right types. Nothing is written on failure.
    func strictJSON<T: StrictInput>(_ type: T.Type) throws -> T {
        guard let contentType = headers.contentType, contentType.type == "application",
              contentType.subType == "json" || contentType.subType.hasSuffix("+json") else {
            throw Abort(.unsupportedMediaType)
        }
        if let size = body.data?.readableBytes, size > Self.maxJSONBody { throw Abort(.payloadTooLarge) }
        guard var buffer = body.data, let bytes = buffer.readBytes(length: buffer.readableBytes), !bytes.isEmpty else {
            throw BodyError(code: "malformed_body", issues: nil)
        }
        let data = Data(bytes)
        guard let object = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) else {
            throw BodyError(code: "malformed_body", issues: nil)
        }
        guard let dict = object as? [String: Any] else {
            throw BodyError(code: "malformed_body", issues: [FieldIssue("body", "must_be_object")])
        }
        let unknown = Set(dict.keys).subtracting(T.allowedFields).sorted()
        if !unknown.isEmpty {
            throw BodyError(code: "unknown_fields", issues: unknown.map { FieldIssue($0, "unknown_field") })
        }
        let nested = T.nestedIssues(dict)
        if !nested.isEmpty { throw BodyError(code: "unknown_fields", issues: nested) }
        let nulls = Set(dict.filter { $0.value is NSNull }.keys)
        let badNulls = nulls.subtracting(T.nullableFields).sorted()
        if !badNulls.isEmpty {
            throw BodyError(code: "invalid_types", issues: badNulls.map { FieldIssue($0, "invalid_type") })
        }
        storage[ClearedFieldsKey.self] = nulls
        do {
            let decoder = JSONDecoder()
            decoder.dateDecodingStrategy = .iso8601
            return try decoder.decode(T.self, from: data)
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context) {
            throw BodyError(code: "invalid_types", issues: [FieldIssue(Self.path(context), "invalid_type")])
        } catch let DecodingError.dataCorrupted(context) {
            throw BodyError(code: "invalid_types", issues: [FieldIssue(Self.path(context), "invalid_value")])
        } catch {
            throw BodyError(code: "malformed_body", issues: nil)
        }
    }

    private struct ClearedFieldsKey: StorageKey { typealias Value = Set<String> }

    /// Fields the JSON body set to `null` explicitly: in a change, these are cleared.
    var clearedFields: Set<String> { storage[ClearedFieldsKey.self] ?? [] }

    /// The largest JSON body accepted (also enforced while streaming by the route's collect limit).
    static let maxJSONBody = 2 * 1024 * 1024

    private static func path(_ context: DecodingError.Context) -> String {
        let p = context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
        return p.isEmpty ? "body" : p
    }

    /// The version the client last saw: `If-Match: "3"` (or W/"3").
    /// `If-Match: *` asks for no version check (RFC 9110), answered as `.any`.
    var expectedVersion: ExpectedVersion? {
        guard let raw = headers.first(name: .ifMatch) else { return nil }
        if raw.trimmingCharacters(in: .whitespaces) == "*" { return .any }
        let trimmed = raw.replacingOccurrences(of: "W/", with: "").trimmingCharacters(in: CharacterSet(charactersIn: "\" "))
        guard let n = Int(trimmed) else { return nil }
        return .version(n)
    }
}

extension Response {
    func withETag(_ version: Int) -> Response {
        headers.replaceOrAdd(name: .eTag, value: "\"\(version)\"")
        return self
    }
}
