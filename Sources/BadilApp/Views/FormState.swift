import Foundation
import Vapor
import BadilCore

/// What a form shows back when it is refused: what was typed, and each error beside its field.
struct FormState: Encodable {
    struct Issue: Encodable { let field: String; let message: String }
    var values: [String: String]
    var errors: [String: String]
    var summary: [Issue]
    var hasErrors: Bool

    init(values: [String: String] = [:]) {
        self.values = values
        self.errors = [:]
        self.summary = []
        self.hasErrors = false
    }

    mutating func add(_ issues: [FieldIssue], _ req: Request) {
        for issue in issues {
            let message = req.badil.localizer.message(for: issue, req.language)
            if errors[issue.field] == nil { errors[issue.field] = message }
            summary.append(Issue(field: issue.field, message: message))
        }
        hasErrors = !summary.isEmpty
    }

    mutating func add(message key: String, field: String = "form", _ req: Request) {
        let message = req.t(key)
        errors[field] = message
        summary.append(Issue(field: field, message: message))
        hasErrors = true
    }
}

/// Options for a `<select>`: value, translated label, selected flag.
struct SelectOption: Encodable {
    let value: String
    let label: String
    let selected: Bool
}
