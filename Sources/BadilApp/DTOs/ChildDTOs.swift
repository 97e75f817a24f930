import Foundation
import Vapor
import BadilCore

struct ChildBiaDTO: Content {
    let id: UUID
    let personId: UUID
    let conductedOn: String
    let trigger: String
    let safety: String?
    let health: String?
    let education: String?
    let familyContact: String?
    let childHeard: Bool
    let childViews: String?
    let notHeardReason: String?
    let recommendation: String
    let recommendedCare: String
    let assessor: String
    let recordedAt: Date

    init(_ b: ChildBIARecord) {
        id = b.id!; personId = b.personID; conductedOn = b.conductedOn; trigger = b.trigger; safety = b.safety; health = b.health
        education = b.education; familyContact = b.familyContact; childHeard = b.childHeard; childViews = b.childViews
        notHeardReason = b.notHeardReason; recommendation = b.recommendation; recommendedCare = b.recommendedCare; assessor = b.assessor
        recordedAt = b.recordedAt
    }
}

struct ChildPanelMemberDTO: Content {
    let name: String
    let role: String
    let organisation: String?
}

struct ChildBidDTO: Content {
    let id: UUID
    let personId: UUID
    let biaId: UUID
    let decidedOn: String
    let solution: String
    let rationale: String
    let panel: [ChildPanelMemberDTO]
    let confirmedBy: String?
    let confirmedOn: String?
    let recordedBy: String
    let recordedAt: Date
    let version: Int

    init(_ d: ChildBIDRecord) {
        id = d.id!; personId = d.personID; biaId = d.biaID; decidedOn = d.decidedOn; solution = d.solution; rationale = d.rationale
        panel = d.panelMembers.map { ChildPanelMemberDTO(name: $0.name ?? "", role: $0.role ?? "", organisation: $0.organisation) }
        confirmedBy = d.confirmedBy; confirmedOn = d.confirmedOn; recordedBy = d.recordedBy; recordedAt = d.recordedAt; version = d.version
    }
}

struct ChildCareDTO: Content {
    let id: UUID
    let personId: UUID
    let careType: String
    let caregiver: String
    let startedOn: String
    let endedOn: String?
    let notes: String?
    let recordedBy: String
    let recordedAt: Date

    init(_ c: ChildCareRecord) {
        id = c.id!; personId = c.personID; careType = c.careType; caregiver = c.caregiver; startedOn = c.startedOn; endedOn = c.endedOn
        notes = c.notes; recordedBy = c.recordedBy; recordedAt = c.recordedAt
    }
}

struct ChildGuardianDTO: Content {
    let id: UUID
    let personId: UUID
    let name: String
    let role: String
    let organisation: String?
    let appointedOn: String
    let endedOn: String?
    let recordedBy: String
    let version: Int

    init(_ g: ChildGuardianRecord) {
        id = g.id!; personId = g.personID; name = g.name; role = g.role; organisation = g.organisation; appointedOn = g.appointedOn
        endedOn = g.endedOn; recordedBy = g.recordedBy; version = g.version
    }
}

struct TracingRequestDTO: Content {
    let id: UUID
    let personId: UUID
    let soughtNameOriginal: String?
    let soughtNameLatin: String?
    let soughtSex: String
    let soughtBirthYear: Int?
    let relationship: String
    let lastKnownPlace: String?
    let lastSeenOn: String?
    let notes: String?
    let status: String
    let openedOn: String
    let closedOn: String?
    let closedReason: String?
    let recordedBy: String
    let version: Int

    init(_ r: TracingRequestRecord) {
        id = r.id!; personId = r.personID; soughtNameOriginal = r.soughtNameOriginal; soughtNameLatin = r.soughtNameLatin; soughtSex = r.soughtSex
        soughtBirthYear = r.soughtBirthYear; relationship = r.relationship; lastKnownPlace = r.lastKnownPlace; lastSeenOn = r.lastSeenOn
        notes = r.notes; status = r.status; openedOn = r.openedOn; closedOn = r.closedOn; closedReason = r.closedReason; recordedBy = r.recordedBy; version = r.version
    }
}

struct TracingPersonDTO: Content {
    let personId: UUID
    let caseNumber: String
    let nameOriginal: String?
    let nameLatin: String?
    let sex: String
    let birthYear: Int?

    init(_ p: PersonRecord) {
        personId = p.id!; caseNumber = p.caseNumber; nameOriginal = p.nameOriginal; nameLatin = p.nameLatin; sex = p.sex; birthYear = p.birthYear
    }
}

struct TracingCandidateDTO: Content {
    let kind: String
    let person: TracingPersonDTO
    let requestId: UUID?
    let score: Double
    let mutual: Bool
    let reasons: [ReasonDTO]

    init(_ c: TracingCandidate, _ req: Request) {
        kind = c.request == nil ? "person" : "request"
        person = TracingPersonDTO(c.person); requestId = c.request?.id; score = c.score.score; mutual = c.score.mutual
        reasons = c.score.reasons.map { ReasonDTO(code: $0.code, params: $0.params, message: req.t("match.\($0.code)", $0.params)) }
    }
}

struct TracingMatchDTO: Content {
    let id: UUID
    let requestId: UUID
    let matchedPersonId: UUID
    let matchedRequestId: UUID?
    let person: TracingPersonDTO?
    let score: Double
    let reasons: [ReasonDTO]
    let status: String
    let method: String?
    let verifiedOn: String?
    let seekerWishes: Bool?
    let soughtWishes: Bool?
    let notes: String?
    let proposedBy: String
    let decidedBy: String?
    let version: Int

    init(_ m: TracingMatchRecord, person p: PersonRecord?, _ req: Request) {
        id = m.id!; requestId = m.requestID; matchedPersonId = m.matchedPersonID; matchedRequestId = m.matchedRequestID; person = p.map(TracingPersonDTO.init)
        score = m.score
        reasons = ReasonCoding.decode(m.reasons).map { ReasonDTO(code: $0.code, params: $0.params, message: req.t("match.\($0.code)", $0.params)) }
        status = m.status; method = m.method; verifiedOn = m.verifiedOn; seekerWishes = m.seekerWishes; soughtWishes = m.soughtWishes
        notes = m.notes; proposedBy = m.proposedBy; decidedBy = m.decidedBy; version = m.version
    }
}

struct TracingReunificationDTO: Content {
    let id: UUID
    let requestId: UUID
    let matchId: UUID
    let personId: UUID
    let relatedPersonId: UUID
    let reunifiedOn: String
    let place: String
    let notes: String?
    let recordedBy: String

    init(_ u: ReunificationRecord) {
        id = u.id!; requestId = u.requestID; matchId = u.matchID; personId = u.personID; relatedPersonId = u.relatedPersonID
        reunifiedOn = u.reunifiedOn; place = u.place; notes = u.notes; recordedBy = u.recordedBy
    }
}

struct TracingRequestDetailDTO: Content {
    let request: TracingRequestDTO
    let seeker: TracingPersonDTO
    let matches: [TracingMatchDTO]
    let reunification: TracingReunificationDTO?

    init(_ v: TracingService.View, _ req: Request) {
        request = TracingRequestDTO(v.request); seeker = TracingPersonDTO(v.seeker)
        matches = v.matches.map { TracingMatchDTO($0.match, person: $0.person, req) }
        reunification = v.reunification.map(TracingReunificationDTO.init)
    }
}

struct TracingOpenRowDTO: Content {
    let request: TracingRequestDTO
    let seeker: TracingPersonDTO
    let candidates: Int
    let proposedMatches: Int

    init(_ r: TracingService.OpenRow) {
        request = TracingRequestDTO(r.request); seeker = TracingPersonDTO(r.seeker); candidates = r.candidates; proposedMatches = r.proposed
    }
}
