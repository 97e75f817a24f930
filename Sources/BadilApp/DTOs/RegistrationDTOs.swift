import Foundation
import Vapor
import BadilCore

struct ArrivalDTO: Content {
    let id: UUID
    let kind: String
    let locationId: UUID
    let locationName: String
    let occurredAt: Date
    let interceptingUnit: String?
    let reportedCount: Int?
    let registeredCount: Int
    let officeCode: String
    let version: Int

    init(_ s: ArrivalService.Summary, _ lang: UILanguage) {
        let a = s.arrival
        id = a.id!
        kind = a.kind
        locationId = a.$location.id
        locationName = a.$location.value?.name(in: lang) ?? ""
        occurredAt = a.occurredAt
        interceptingUnit = a.interceptingUnit
        reportedCount = a.reportedCount
        registeredCount = s.registered
        officeCode = a.officeCode
        version = a.version
    }
}

struct ReasonDTO: Content {
    let code: String
    let params: [String: String]
    let message: String
}

struct CandidateDTO: Content {
    let personId: UUID?
    let score: Double
    let reasons: [ReasonDTO]
    let visible: Bool
    let caseNumber: String?
    let name: String?
    let nationality: String?
    let birthYear: Int?
    let sex: String?

    init(_ c: DuplicateCandidate, _ req: Request) {
        personId = c.visible ? c.personID : nil
        score = (c.score * 1000).rounded() / 1000
        reasons = c.reasons.map { ReasonDTO(code: $0.code, params: $0.params, message: req.t("match.\($0.code)", $0.params)) }
        visible = c.visible
        caseNumber = c.caseNumber
        name = c.name
        nationality = c.nationality
        birthYear = c.birthYear
        sex = c.sex
    }
}

struct PersonDTO: Content {
    let id: UUID
    let caseNumber: String
    let arrivalId: UUID
    let nameOriginal: String?
    let nameLatin: String?
    let sex: String
    let dateOfBirth: String?
    let dateOfBirthEstimated: Bool
    let claimedAge: Int?
    let assessedAge: Int?
    let assessmentMethod: String?
    let assessedOn: String?
    let ageDisputed: Bool
    let age: Int?
    let isChild: Bool
    let careStatus: String?
    let careOverride: String?
    let nationality: String
    let languages: [String]
    let urgentNeeds: [String]
    let mergedIntoId: UUID?
    let version: Int

    init(_ p: PersonRecord, today: DayDate) {
        id = p.id!
        caseNumber = p.caseNumber
        arrivalId = p.$arrival.id
        nameOriginal = p.nameOriginal
        nameLatin = p.nameLatin
        sex = p.sex
        dateOfBirth = p.dateOfBirth
        dateOfBirthEstimated = p.dateOfBirthEstimated
        claimedAge = p.claimedAge
        assessedAge = p.assessedAge
        assessmentMethod = p.assessmentMethod
        assessedOn = p.assessedOn
        ageDisputed = p.ageDisputed
        age = AgeRules.age(p.ageFacts, on: today)
        isChild = p.isChild(on: today)
        careStatus = p.careStatus.isEmpty ? nil : p.careStatus
        careOverride = p.careOverride
        nationality = p.nationality
        languages = p.languageList
        urgentNeeds = p.needs.map(\.rawValue).sorted()
        mergedIntoId = p.mergedIntoID
        version = p.version
    }
}

struct StayDTO: Content {
    let locationId: UUID
    let locationName: String
    let locationType: String
    let startedAt: Date
    let endedAt: Date?
    let reason: String
}

struct LinkDTO: Content {
    let relatedId: UUID?
    let relationship: String
    let caseNumber: String?
    let name: String?
}

struct PersonDetailDTO: Content {
    let person: PersonDTO
    let arrival: UUID
    let currentLocationId: UUID?
    let daysInDetention: Int
    let stays: [StayDTO]
    let links: [LinkDTO]
    let mergedCaseNumbers: [String]
}

struct RegistrationRowInput: Decodable, Sendable {
    struct Link: Decodable, Sendable { let ref: String?; let personId: UUID?; let relationship: String? }
    var ref: String?
    var nameOriginal: String?
    var nameLatin: String?
    var sex: String?
    var dateOfBirth: String?
    var dateOfBirthEstimated: Bool?
    var claimedAge: Int?
    var ageDisputed: Bool?
    var nationality: String?
    var languages: [String]?
    var urgentNeeds: [String]?
    var links: [Link]?

    static let allowedFields: Set<String> = ["ref", "nameOriginal", "nameLatin", "sex", "dateOfBirth", "dateOfBirthEstimated", "claimedAge",
                                             "ageDisputed", "nationality", "languages", "urgentNeeds", "links"]

    var row: RegistrationRow {
        RegistrationRow(ref: ref, draft: draft, links: (links ?? []).map { .init(ref: $0.ref, personID: $0.personId, relationship: $0.relationship) })
    }

    var draft: RegistrationDraft {
        RegistrationDraft(nameOriginal: nameOriginal, nameLatin: nameLatin, sex: sex, dateOfBirth: dateOfBirth,
                          dateOfBirthEstimated: dateOfBirthEstimated ?? false, claimedAge: claimedAge, ageDisputed: ageDisputed ?? false,
                          nationality: nationality, languages: languages ?? [], urgentNeeds: urgentNeeds ?? [])
    }
}

struct BatchRegistrationInput: StrictInput {
    var rows: [RegistrationRowInput]?
    static let allowedFields: Set<String> = ["rows"]

    static func nestedIssues(_ body: [String: Any]) -> [FieldIssue] {
        guard let rows = body["rows"] as? [Any] else { return [] }
        var issues: [FieldIssue] = []
        for (i, raw) in rows.enumerated() {
            guard let row = raw as? [String: Any] else { issues.append(FieldIssue("rows.\(i)", "must_be_object")); continue }
            for key in Set(row.keys).subtracting(RegistrationRowInput.allowedFields).sorted() {
                issues.append(FieldIssue("rows.\(i).\(key)", "unknown_field"))
            }
            for (j, rawLink) in ((row["links"] as? [Any]) ?? []).enumerated() {
                guard let link = rawLink as? [String: Any] else { issues.append(FieldIssue("rows.\(i).links.\(j)", "must_be_object")); continue }
                for key in Set(link.keys).subtracting(["ref", "personId", "relationship"]).sorted() {
                    issues.append(FieldIssue("rows.\(i).links.\(j).\(key)", "unknown_field"))
                }
            }
        }
        return issues
    }
}

struct DuplicateCheckInput: StrictInput {
    var nameOriginal: String?
    var nameLatin: String?
    var sex: String?
    var dateOfBirth: String?
    var dateOfBirthEstimated: Bool?
    var claimedAge: Int?
    var nationality: String?
    static let allowedFields: Set<String> = ["nameOriginal", "nameLatin", "sex", "dateOfBirth", "dateOfBirthEstimated", "claimedAge", "nationality"]
    static let nullableFields: Set<String> = ["nameOriginal", "nameLatin", "dateOfBirth", "claimedAge", "nationality"]

    var draft: RegistrationDraft {
        RegistrationDraft(nameOriginal: nameOriginal, nameLatin: nameLatin, sex: sex, dateOfBirth: dateOfBirth,
                          dateOfBirthEstimated: dateOfBirthEstimated ?? false, claimedAge: claimedAge, nationality: nationality)
    }
}

struct RegisteredDTO: Content {
    let person: PersonDTO
    let candidates: [CandidateDTO]
}

struct BatchResultDTO: Content {
    let registered: Int
    let people: [RegisteredDTO]
}

struct DuplicatePairDTO: Content {
    let id: UUID
    let score: Double
    let status: String
    let source: String
    let reasons: [ReasonDTO]
    let a: PersonDTO
    let b: PersonDTO
    let survivorId: UUID?
    let version: Int
}

struct LinkInput: StrictInput {
    var relatedId: UUID?
    var relationship: String?
    static let allowedFields: Set<String> = ["relatedId", "relationship"]
}

struct MoveInput: StrictInput {
    var locationId: UUID?
    var reason: String?
    var at: Date?
    static let allowedFields: Set<String> = ["locationId", "reason", "at"]
    static let nullableFields: Set<String> = ["at"]
}

struct DecisionInput: StrictInput {
    var decision: String?
    static let allowedFields: Set<String> = ["decision"]
}

struct SweepResultDTO: Content {
    let checked: Int
    let ran: Bool
}

struct ChildAlertDTO: Content {
    struct Item: Content { let personId: UUID; let caseNumber: String; let name: String; let locationName: String; let since: Date; let days: Int }
    let total: Int
    let items: [Item]
}
