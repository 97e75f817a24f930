import Foundation

public enum CaseNoteConfidentiality: String, CaseIterable, Codable, Sendable {
    case normal
    /// Only the author, the assigned caseworker and supervisors who can see the person read it.
    case restricted
    public var labelKey: String { "case_note_confidentiality.\(rawValue)" }
}

/// Who is reading a note, as the service knows them.
public struct CaseNoteReader: Sendable, Equatable {
    public var userID: String
    public var isSupervisor: Bool
    /// The caseworker assigned to the person's case, if any.
    public var assignedCaseworkerID: String?
    public init(userID: String, isSupervisor: Bool, assignedCaseworkerID: String?) {
        self.userID = userID; self.isSupervisor = isSupervisor; self.assignedCaseworkerID = assignedCaseworkerID
    }
}

public struct CheckedNote: Sendable, Equatable {
    public let text: String
    public let confidentiality: CaseNoteConfidentiality
}

/// Case notes: never edited (a correction is a new note); restricted ones are read by few.
public enum CaseNoteRules {
    public static let maxLength = 4000

    /// A text (`required`, `too_long`) and a confidentiality level, normal by default (`unknown_value`).
    public static func validate(text: String?, confidentiality: String?) throws -> CheckedNote {
        var v = FieldChecker()
        let t = v.requireText("text", text, max: maxLength)
        let c = v.choice("confidentiality", confidentiality, required: false, as: CaseNoteConfidentiality.self)
        try v.finish()
        return CheckedNote(text: t!, confidentiality: c ?? .normal)
    }

    /// Whether `reader` may see a note (the person being visible to them is checked before): a normal note by anyone;
    /// a restricted one by its author, the assigned caseworker and supervisors.
    public static func canRead(_ confidentiality: CaseNoteConfidentiality, authorID: String, reader: CaseNoteReader) -> Bool {
        switch confidentiality {
        case .normal: return true
        case .restricted: return reader.isSupervisor || reader.userID == authorID || reader.userID == reader.assignedCaseworkerID
        }
    }
}
