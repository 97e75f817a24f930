import Foundation

/// Something that happened to a person during their case.
public enum IncidentKind: String, CaseIterable, Codable, Sendable {
    /// Left the alternative without notice: the stay there ends and the bed is free again.
    case absconded
    /// Taken back into detention: the open stay ends and a stay at a detention centre starts.
    case reDetained = "re_detained"
    case medicalEmergency = "medical_emergency"
    case protectionIncident = "protection_incident"

    public var labelKey: String { "incident_kind.\(rawValue)" }
    /// Kinds that change where the person is (and so must not predate the current stay).
    public var changesStay: Bool { self == .absconded || self == .reDetained }
}

/// What is known about the location named on an incident, as looked up by the caller.
public enum IncidentLocation: Sendable, Equatable {
    case none
    /// An id that matches no location.
    case unknown
    case known(id: String, type: LocationType, active: Bool)
}

/// An incident as entered, with the facts of the person's current stay it is checked against.
public struct IncidentFacts: Sendable, Equatable {
    public var kind: String?
    public var occurredOn: String?
    public var location: IncidentLocation
    public var notes: String?
    /// The day the person's open stay started, if they have one.
    public var currentStayStartedOn: DayDate?
    public var currentLocationID: String?

    public init(kind: String?, occurredOn: String?, location: IncidentLocation = .none, notes: String? = nil,
                currentStayStartedOn: DayDate? = nil, currentLocationID: String? = nil) {
        self.kind = kind; self.occurredOn = occurredOn; self.location = location; self.notes = notes
        self.currentStayStartedOn = currentStayStartedOn; self.currentLocationID = currentLocationID
    }
}

/// An incident that passed the rules.
public struct CheckedIncident: Sendable, Equatable {
    public let kind: IncidentKind
    public let occurredOn: DayDate
    public let locationID: String?
    public let notes: String?
}

public enum IncidentRules {
    public static let maxNotesLength = 2000

    /// Checks an incident: a known kind (`required` / `unknown_value` on `kind`); `occurredOn` a
    /// 'YYYY-MM-DD' day (`required`, `invalid_date`) not after `today` (`date_in_future`) and, for a kind
    /// that changes the stay, not before the current stay started (`before_current_stay`); notes of at
    /// most 2000 characters (`too_long`); a location that exists (`not_found_ref` on `locationId`) and is
    /// active (`location_inactive`); a re-detention names a detention centre (`required`,
    /// `not_detention_location`) other than where the person is now (`already_there`).
    public static func validate(_ f: IncidentFacts, today: DayDate) throws -> CheckedIncident {
        var v = FieldChecker()
        let kind = v.choice("kind", f.kind, required: true, as: IncidentKind.self)
        var day: DayDate?
        let rawDay = (f.occurredOn ?? "").trimmingCharacters(in: .whitespaces)
        if rawDay.isEmpty { v.add("occurredOn", "required") }
        else if let d = DayDate(rawDay), rawDay.count == 10 {
            if d > today { v.add("occurredOn", "date_in_future") }
            else if let kind, kind.changesStay, let start = f.currentStayStartedOn, d < start { v.add("occurredOn", "before_current_stay") }
            day = d
        } else { v.add("occurredOn", "invalid_date") }
        let notes = v.optionalText("notes", f.notes, max: maxNotesLength)
        var locationID: String?
        switch f.location {
        case .none:
            if kind == .reDetained { v.add("locationId", "required") }
        case .unknown:
            v.add("locationId", "not_found_ref")
        case .known(let id, let type, let active):
            locationID = id
            if !active { v.add("locationId", "location_inactive") }
            else if kind == .reDetained {
                if !type.isDetention { v.add("locationId", "not_detention_location") }
                else if id == f.currentLocationID { v.add("locationId", "already_there") }
            }
        }
        try v.finish()
        return CheckedIncident(kind: kind!, occurredOn: day!, locationID: locationID, notes: notes)
    }
}
