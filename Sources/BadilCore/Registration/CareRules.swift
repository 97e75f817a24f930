/// One member of a group as far as the child pathway needs: age, and how they relate to the child.
public struct GroupMember: Sendable, Equatable {
    public let isChild: Bool
    /// How this member relates to the child ("this member is the child's mother").
    public let relationshipToChild: Relationship?

    public init(isChild: Bool, relationshipToChild: Relationship?) {
        self.isChild = isChild
        self.relationshipToChild = relationshipToChild
    }
}

public enum CareRules {
    /// Derives a child's care situation from the people travelling with them. An adult parent or
    /// customary caregiver makes the child accompanied; only other adult relatives make them
    /// separated; otherwise unaccompanied (companions and other children do not count).
    /// A caseworker's assessment, when recorded, takes precedence.
    public static func careStatus(members: [GroupMember], override: CareStatus?) -> CareStatus {
        if let override { return override }
        let adults = members.filter { !$0.isChild }
        if adults.contains(where: { $0.relationshipToChild?.isPrimaryCarer == true }) { return .accompanied }
        if adults.contains(where: { $0.relationshipToChild == .otherRelative || $0.relationshipToChild == .sibling || $0.relationshipToChild == .spouse }) {
            return .separated
        }
        return .unaccompanied
    }
}

/// Case numbers: `LBY-TRP-2026-000123` (country, office, year, sequence), unique and never reused.
public enum CaseNumber {
    public static func prefix(country: String, office: String, year: Int) -> String {
        "\(country.uppercased())-\(office.uppercased())-\(year)"
    }

    public static func format(prefix: String, sequence: Int) -> String {
        let digits = String(sequence)
        return prefix + "-" + String(repeating: "0", count: max(0, 6 - digits.count)) + digits
    }

    /// Offices are three to five capital letters (TRP, MSR, BEN...).
    public static func isValidOffice(_ office: String) -> Bool {
        (3...5).contains(office.count) && office.unicodeScalars.allSatisfy { ("A"..."Z").contains($0) }
    }

    /// Whether text looks like a case number (for search): LBY-TRP-2026-000123.
    public static func looksLikeCaseNumber(_ text: String) -> Bool {
        let parts = text.split(separator: "-")
        return parts.count == 4 && parts[0].count == 3 && parts[2].count == 4 && Int(parts[2]) != nil && Int(parts[3]) != nil
    }
}
