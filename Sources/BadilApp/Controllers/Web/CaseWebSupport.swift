import Foundation
import Vapor
import BadilCore

// Small read-only helpers shared by the screening, decision and follow-up pages.

extension Request {
    /// The submitted url-encoded form with every value of repeated fields (checkbox groups), CSRF token left out.
    /// Vapor's `[String: String]` decoding keeps one value per name; a multi-choice question needs them all.
    func formLists() -> [String: [String]] {
        guard let body = body.string else { return [:] }
        var fields: [String: [String]] = [:]
        for pair in body.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ s: Substring) -> String? {
                String(s).replacingOccurrences(of: "+", with: " ").removingPercentEncoding
            }
            guard let name = parts.first.flatMap(decode), !name.isEmpty, name != CSRF.field else { continue }
            let value = parts.count > 1 ? (decode(parts[1]) ?? "") : ""
            if fields[name, default: []].count < 100 { fields[name, default: []].append(String(value.prefix(4000))) }
        }
        return fields
    }

    /// A redirect to a path that already has a query string, with a fixed notice.
    func redirect(_ path: String, query: String, notice: String) -> Response {
        redirect(to: "\(path)?\(query)&notice=\(notice)", redirectType: .normal)
    }
}

/// The person a screening or decision page is about, as its header shows them.
struct PersonHeader: Encodable {
    let id: String
    let href: String
    let caseNumber: String
    let name: String
    let nameOriginal: String
    let isChild: Bool

    init(_ p: PersonRecord, today: DayDate) {
        id = p.id!.uuidString
        href = "/persons/\(p.id!.uuidString)"
        caseNumber = p.caseNumber
        name = p.nameLatin ?? ""
        nameOriginal = p.nameOriginal ?? ""
        isChild = p.isChild(on: today)
    }
}

enum CaseFormat {
    /// A calendar day as the services count days (`DayDate` of the instant).
    static func day(_ date: Date) -> String { DayDate(date).description }

    /// A stored number answer without a trailing ".0" for whole numbers.
    static func number(_ n: Double) -> String {
        n == n.rounded() && abs(n) < 1e15 ? String(Int(n)) : String(n)
    }

    /// CSS class for a badge showing an intervention level.
    static func levelClass(_ raw: String?) -> String {
        switch raw {
        case "high": return "badge badge-urgent"
        case "medium": return "badge badge-warning"
        default: return "badge"
        }
    }

    /// CSS class for a badge showing a decision status.
    static func statusClass(_ status: DecisionStatus) -> String {
        switch status {
        case .approved: return "badge badge-ok"
        case .proposed: return "badge badge-warning"
        case .returned: return "badge badge-urgent"
        case .superseded, .withdrawn: return "badge badge-muted"
        case .reopened: return "badge badge-urgent"
        }
    }
}

extension FormState {
    /// Adds issues; the summary names the field ("Review date: Must be after today") so that a list of
    /// errors reads on its own, while the message beside the field stays short.
    mutating func add(_ issues: [FieldIssue], _ req: Request, labels: [String: String], rename: [String: String] = [:]) {
        for issue in issues {
            let field = rename[issue.field] ?? issue.field
            let message = req.badil.localizer.message(for: issue, req.language)
            if errors[field] == nil { errors[field] = message }
            summary.append(Issue(field: field, message: labels[field].map { "\($0): \(message)" } ?? message))
        }
        hasErrors = !summary.isEmpty
    }
}
