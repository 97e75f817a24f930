import Foundation
import Vapor
import BadilCore

/// What an embassy may see of a person: identity and document fields, nothing else (SECURITY.md item 7).
/// Kept separate from `PersonDTO` so that a field added there never reaches an embassy by accident.
struct ConsularPersonDTO: Content {
    let id: UUID
    let caseNumber: String
    let nameOriginal: String?
    let nameLatin: String?
    let sex: String
    let dateOfBirth: String?
    let dateOfBirthEstimated: Bool
    let age: Int?
    let nationality: String
    let languages: [String]

    init(_ p: PersonRecord, today: DayDate) {
        id = p.id!; caseNumber = p.caseNumber; nameOriginal = p.nameOriginal; nameLatin = p.nameLatin; sex = p.sex
        dateOfBirth = p.dateOfBirth; dateOfBirthEstimated = p.dateOfBirthEstimated; age = AgeRules.age(p.ageFacts, on: today)
        nationality = p.nationality; languages = p.languageList
    }
}

struct VerificationDTO: Content {
    let id: UUID
    let outcome: String
    let verifiedOn: String
    let note: String?
    let recordedBy: String
    let recordedAt: Date

    init(_ r: NationalityVerificationRecord) {
        id = r.id!; outcome = r.outcome; verifiedOn = r.verifiedOn; note = r.note; recordedBy = r.recordedBy; recordedAt = r.recordedAt
    }
}

struct TravelDocumentDTO: Content {
    let id: UUID
    let type: String
    let number: String
    let issuedOn: String
    let validUntil: String
    let recordedBy: String
    let recordedAt: Date

    init(_ r: TravelDocumentRecord) {
        id = r.id!; type = r.type; number = r.number; issuedOn = r.issuedOn; validUntil = r.validUntil; recordedBy = r.recordedBy
        recordedAt = r.recordedAt
    }
}

struct ConsularPersonDetailDTO: Content {
    let person: ConsularPersonDTO
    let verifications: [VerificationDTO]
    let travelDocuments: [TravelDocumentDTO]

    init(_ v: ConsularService.View, today: DayDate) {
        person = ConsularPersonDTO(v.person, today: today)
        verifications = v.verifications.map(VerificationDTO.init)
        travelDocuments = v.documents.map(TravelDocumentDTO.init)
    }
}
