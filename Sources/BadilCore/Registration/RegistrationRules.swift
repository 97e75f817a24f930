/// A registration as typed or sent: every field optional text, so the rules can explain every problem.
public struct RegistrationDraft: Sendable, Equatable {
    public var nameOriginal: String?
    public var nameLatin: String?
    public var sex: String?
    public var dateOfBirth: String?
    public var dateOfBirthEstimated: Bool
    public var claimedAge: Int?
    public var ageDisputed: Bool
    public var nationality: String?
    public var languages: [String]
    public var urgentNeeds: [String]

    public init(nameOriginal: String? = nil, nameLatin: String? = nil, sex: String? = nil, dateOfBirth: String? = nil,
                dateOfBirthEstimated: Bool = false, claimedAge: Int? = nil, ageDisputed: Bool = false,
                nationality: String? = nil, languages: [String] = [], urgentNeeds: [String] = []) {
        self.nameOriginal = nameOriginal
        self.nameLatin = nameLatin
        self.sex = sex
        self.dateOfBirth = dateOfBirth
        self.dateOfBirthEstimated = dateOfBirthEstimated
        self.claimedAge = claimedAge
        self.ageDisputed = ageDisputed
        self.nationality = nationality
        self.languages = languages
        self.urgentNeeds = urgentNeeds
    }
}

/// A registration that passed every rule, normalised.
public struct Registration: Sendable, Equatable {
    public let nameOriginal: String?
    public let nameLatin: String?
    public let sex: Sex
    public let age: AgeFacts
    public let nationality: String
    public let languages: [String]
    public let urgentNeeds: Set<UrgentNeed>

    public init(nameOriginal: String?, nameLatin: String?, sex: Sex, age: AgeFacts, nationality: String, languages: [String],
                urgentNeeds: Set<UrgentNeed>) {
        self.nameOriginal = nameOriginal
        self.nameLatin = nameLatin
        self.sex = sex
        self.age = age
        self.nationality = nationality
        self.languages = languages
        self.urgentNeeds = urgentNeeds
    }

    /// The name to show: Latin where there is one, else the original script.
    public var displayName: String { nameLatin ?? nameOriginal ?? "" }
}

public enum RegistrationRules {
    public static let maxNameLength = 200
    public static let maxLanguages = 10

    /// Validates and normalises one registration. `prefix` names fields in a batch ("rows.12.").
    public static func validate(_ d: RegistrationDraft, codes: ReferenceCodes, today: DayDate, prefix: String = "") throws -> Registration {
        var v = FieldChecker()
        let original = v.optionalText(prefix + "nameOriginal", d.nameOriginal, max: maxNameLength)
        let latin = v.optionalText(prefix + "nameLatin", d.nameLatin, max: maxNameLength)
        if original == nil && latin == nil && !v.issues.contains(where: { $0.field.hasPrefix(prefix + "name") }) {
            v.add(prefix + "nameOriginal", "name_required")
        }
        if let latin, latin.unicodeScalars.contains(where: { $0.properties.isAlphabetic && $0.value > 0x24F }) {
            v.add(prefix + "nameLatin", "latin_script_expected")
        }
        let sex = v.choice(prefix + "sex", d.sex, required: true, as: Sex.self)
        var dob: DayDate?
        if let raw = d.dateOfBirth, !raw.trimmingWhitespace().isEmpty {
            dob = DayDate(raw)
            if dob == nil { v.add(prefix + "dateOfBirth", "invalid_date") }
        }
        let needs = d.urgentNeeds.compactMap { raw -> UrgentNeed? in
            guard let need = UrgentNeed(rawValue: raw) else {
                v.add(prefix + "urgentNeeds", "unknown_value", ["allowed": UrgentNeed.allCases.map(\.rawValue).joined(separator: ", ")])
                return nil
            }
            return need
        }
        let needSet = Set(needs)
        // "Possible child" at first contact is a doubt about age: the benefit of the doubt applies.
        let disputed = d.ageDisputed || needSet.contains(.possibleChild) || needSet.contains(.possibleUnaccompaniedChild)
        let facts = AgeFacts(dateOfBirth: dob, dateOfBirthEstimated: d.dateOfBirthEstimated, claimedAge: d.claimedAge,
                             recordedOn: today, disputed: disputed)
        var ageChecker = FieldChecker()
        AgeRules.check(facts, today: today, into: &ageChecker)
        for issue in ageChecker.issues { v.add(prefix + issue.field, issue.code, issue.params) }
        if needSet.contains(.pregnant) && sex == .male { v.add(prefix + "urgentNeeds", "pregnant_requires_not_male") }
        let nationality = NationalityRules.normalize(d.nationality, codes: codes, field: prefix + "nationality", into: &v)
        var languages: [String] = []
        if d.languages.count > maxLanguages { v.add(prefix + "languages", "too_many", ["max": String(maxLanguages)]) }
        for raw in d.languages.prefix(maxLanguages) {
            let code = raw.trimmingWhitespace().lowercased()
            if code.isEmpty { continue }
            if codes.isLanguage(code) { if !languages.contains(code) { languages.append(code) } }
            else { v.add(prefix + "languages", "unknown_language", ["value": String(code.prefix(12))]) }
        }
        try v.finish()
        return Registration(nameOriginal: original, nameLatin: latin, sex: sex!, age: facts, nationality: nationality!,
                            languages: languages, urgentNeeds: needSet)
    }
}
