import Foundation
import Vapor
import BadilCore

struct BedsDTO: Content {
    let male: Int
    let female: Int
    let familyRoom: Int
    let child: Int
    init(_ b: BedCounts) { male = b.male; female = b.female; familyRoom = b.familyRoom; child = b.child }
}

struct FacilityDTO: Content {
    let id: UUID
    let locationId: UUID
    let name: String
    let type: String
    let operatorId: UUID?
    let status: String
    let capacity: BedsDTO
    let staying: BedsDTO
    let committed: BedsDTO
    let reserved: BedsDTO
    let free: BedsDTO
    let suitability: [String]
    let languages: [String]
    let contact: String?
    let notes: String?
    let acceptanceRate: Double?
    let latitude: Double?
    let longitude: Double?
    let version: Int

    init(_ v: FacilityService.View, _ req: Request) {
        let f = v.facility
        id = f.id!; locationId = v.location.id!; name = v.location.name(in: req.language); type = v.location.type
        operatorId = v.location.$operatorOrganization.id; status = f.status
        capacity = BedsDTO(f.capacity); staying = BedsDTO(v.occupancy.staying); committed = BedsDTO(v.occupancy.committed)
        reserved = BedsDTO(v.occupancy.pending); free = BedsDTO(f.capacity.subtractingClamped(v.occupancy.used))
        suitability = f.suitabilitySet.map(\.rawValue).sorted(); languages = f.languageSet.sorted(); contact = f.contact; notes = f.notes
        acceptanceRate = v.occupancy.acceptanceRate; latitude = v.location.latitude; longitude = v.location.longitude; version = f.version
    }
}

struct ConsentDTO: Content {
    let id: UUID
    let personId: UUID
    let purpose: String
    let recipientOrganizationId: UUID?
    let givenOn: String
    let givenBy: String
    let withdrawnOn: String?
    let active: Bool
    let recordedBy: String

    init(_ c: ConsentEntry, today: DayDate) {
        id = c.id!; personId = c.personID; purpose = c.purpose; recipientOrganizationId = c.recipientOrganizationID; givenOn = c.givenOn
        givenBy = c.givenBy; withdrawnOn = c.withdrawnOn; recordedBy = c.recordedBy
        active = c.record.map { ConsentRules.isActive([$0], purpose: $0.purpose, recipient: $0.recipientOrganizationID, on: today) } ?? false
    }
}

struct ProposalDTO: Content {
    let facilityId: UUID
    let name: String
    let type: String
    let score: Double
    let fits: Bool
    let distanceKm: Double?
    let free: BedsDTO
    let needed: BedsDTO
    let reasons: [CodeLabelDTO]
    let gaps: [CodeLabelDTO]
}

struct PlacementOptionsDTO: Content {
    let personIds: [UUID]
    let needed: BedsDTO
    let familyLeftOut: [UUID]
    let proposals: [ProposalDTO]
}

struct ReferralDTO: Content {
    let id: UUID
    let groupId: UUID
    let personId: UUID
    let caseNumber: String
    let name: String
    let facilityId: UUID
    let facilityName: String
    let bedKind: String
    let status: String
    let deadline: Date
    let referredBy: String
    let referredAt: Date
    let decidedBy: String?
    let decidedAt: Date?
    let declineReason: String?
    let reason: String?
    let splitReason: String?
    let transferId: UUID?
    let handedOverAt: Date?
    let arrivedAt: Date?
    let version: Int

    init(_ v: ReferralService.View, _ req: Request) {
        let r = v.referral
        id = r.id!; groupId = r.groupID; personId = r.personID; caseNumber = v.person.caseNumber; name = v.person.displayName
        facilityId = r.$facility.id; facilityName = v.location.name(in: req.language); bedKind = r.bedKind; status = r.status
        deadline = r.deadline; referredBy = r.referredBy; referredAt = r.referredAt; decidedBy = r.decidedBy; decidedAt = r.decidedAt
        declineReason = r.declineReason; reason = r.reason; splitReason = r.splitReason; transferId = r.transferID
        handedOverAt = r.handedOverAt; arrivedAt = r.arrivedAt; version = r.version
    }
}

/// A transfer's manifest: what the origin needs to hand people over, nothing more.
struct TransferDTO: Content {
    struct Passenger: Content {
        let referralId: UUID
        let personId: UUID
        let caseNumber: String
        let name: String
        let nameOriginal: String?
        let sex: String
        let destination: String
        let status: String
        let handedOverAt: Date?
        let arrivedAt: Date?
    }
    let id: UUID
    let origin: String
    let originId: UUID
    let date: String
    let vehicle: String
    let notes: String?
    let status: String
    let passengers: [Passenger]
    let version: Int

    init(_ v: TransferService.View, _ req: Request) {
        id = v.transfer.id!; origin = v.origin.name(in: req.language); originId = v.origin.id!; date = v.transfer.date
        vehicle = v.transfer.vehicle; notes = v.transfer.notes; status = v.transfer.status; version = v.transfer.version
        passengers = v.passengers.map {
            Passenger(referralId: $0.referral.id!, personId: $0.person.id!, caseNumber: $0.person.caseNumber, name: $0.person.nameLatin ?? $0.person.displayName,
                      nameOriginal: $0.person.nameOriginal, sex: $0.person.sex, destination: $0.location.name(in: req.language),
                      status: $0.referral.status, handedOverAt: $0.referral.handedOverAt, arrivedAt: $0.referral.arrivedAt)
        }
    }
}

struct TransferSummaryDTO: Content {
    let id: UUID
    let originId: UUID
    let date: String
    let vehicle: String
    let status: String
    let version: Int
}

struct PlacementReportDTO: Content {
    struct Day: Content { let date: String; let staying: Int }
    struct Facility: Content { let facilityId: UUID; let name: String; let capacity: Int; let days: [Day] }
    struct Count: Content { let code: String; let label: String; let count: Int }
    let from: String
    let to: String
    let occupancy: [Facility]
    let referralsByStatus: [Count]
    let declinesByReason: [Count]
    let medianHoursDecisionToArrival: Double?
    let arrivals: Int
}

struct ReasonInput: StrictInput {
    var reason: String?
    static let allowedFields: Set<String> = ["reason"]
}
