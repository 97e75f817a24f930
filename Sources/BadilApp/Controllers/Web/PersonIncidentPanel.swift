import Fluent
import Foundation
import Vapor
import BadilCore

/// The "Incidents" section of a person's page: what happened (date, kind, location, who) and a form to record one.
struct PersonIncidentPanel: Encodable {
    struct Row: Encodable { let occurredOn: String; let kind: String; let location: String; let notes: String; let recordedBy: String }

    let visible: Bool
    let rows: [Row]
    let hasRows: Bool
    let canRecord: Bool
    let action: String
    let kinds: [SelectOption]
    let detentionLocations: [SelectOption]
    let today: String
    let form: FormState

    static func build(_ req: Request, person p: PersonRecord, actor: Actor, form: FormState = FormState()) async throws -> PersonIncidentPanel {
        let id = p.id!
        let today = DayDate(req.badil.now)
        let views = try await IncidentService(db: req.db, ctx: req.badil).list(personID: id, by: actor, audit: false)
        let rows = views.map { v in
            Row(occurredOn: v.incident.occurredOn, kind: req.t("incident_kind.\(v.incident.kind)"),
                location: v.location.map { $0.name(in: req.language) } ?? "–", notes: v.incident.notes ?? "", recordedBy: v.incident.recordedBy)
        }
        let canRecord = actor.can(.caseManage)
        var detention: [SelectOption] = []
        if canRecord {
            detention = try await LocationRecord.query(on: req.db).filter(\.$type == LocationType.detentionCentre.rawValue).filter(\.$active == true)
                .sort(\.$nameEn).all()
                .map { SelectOption(value: $0.id!.uuidString, label: $0.name(in: req.language), selected: form.values["locationId"] == $0.id!.uuidString) }
        }
        var state = form
        if state.values["occurredOn"] == nil { state.values["occurredOn"] = today.description }
        return PersonIncidentPanel(visible: canRecord || !rows.isEmpty, rows: rows, hasRows: !rows.isEmpty, canRecord: canRecord,
                                   action: "/persons/\(id.uuidString)/incidents",
                                   kinds: req.options(IncidentKind.self, selected: state.values["kind"]) { $0.labelKey },
                                   detentionLocations: detention, today: today.description, form: state)
    }
}
