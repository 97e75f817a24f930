import Foundation
import Vapor
import BadilCore

extension Request {
    /// The submitted form as text fields (CSRF token left out).
    func formFields() -> [String: String] {
        var fields = (try? content.decode([String: String].self)) ?? [:]
        fields.removeValue(forKey: CSRF.field)
        return fields.mapValues { String($0.prefix(4000)) }
    }

    func redirect(_ path: String, notice: String) -> Response {
        redirect(to: "\(path)?notice=\(notice)", redirectType: .normal)
    }

    func options<E: RawRepresentable & CaseIterable>(_ type: E.Type, selected: String?, labelKey: (E) -> String) -> [SelectOption]
    where E.RawValue == String {
        E.allCases.map { SelectOption(value: $0.rawValue, label: t(labelKey($0)), selected: $0.rawValue == selected) }
    }
}

/// A paged list for a template: rows, page numbers and the links to move between pages (filters kept).
struct Pager: Encodable {
    let page: Int
    let pageCount: Int
    let total: Int
    let previous: String?
    let next: String?

    init(_ request: Paging, total: Int, path: String, query: [String: String]) {
        page = request.page
        pageCount = request.pageCount(total: total)
        self.total = total
        func link(_ p: Int) -> String {
            var items = query.filter { !$0.value.isEmpty }.map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }.sorted()
            items.append("page=\(p)")
            return path + "?" + items.joined(separator: "&")
        }
        previous = page > 1 ? link(page - 1) : nil
        next = page < pageCount ? link(page + 1) : nil
    }
}

extension Bool {
    var formValue: String { self ? "on" : "" }
}
