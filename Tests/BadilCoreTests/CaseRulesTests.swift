import Foundation
import Testing
@testable import BadilCore

@Suite("Case management rules")
struct CaseRulesTests {
    static let today = DayDate("2026-03-10")!

    static func codes(_ body: () throws -> Void) -> String {
        do { try body(); return "ok" } catch DomainError.invalid(let issues) {
            return issues.map { "\($0.field):\($0.code)" }.sorted().joined(separator: ",")
        } catch DomainError.conflict(let key) { return "conflict:\(key)" } catch { return "\(error)" }
    }

    @Test("Plan items", arguments: [
        ("complete, organisation", CasePlanItemFacts(serviceType: "legal", description: "Asylum counselling", responsibleOrganization: .known(active: true), dueOn: "2026-03-20"), "ok"),
        ("complete, named person", CasePlanItemFacts(serviceType: "mhpss", description: "Counselling", responsibleName: "Dr. Amal"), "ok"),
        ("due today is fine", CasePlanItemFacts(serviceType: "medical", description: "Check-up", responsibleName: "Clinic", dueOn: "2026-03-10"), "ok"),
        ("unknown service type", CasePlanItemFacts(serviceType: "housing", description: "x", responsibleName: "y"), "serviceType:unknown_value"),
        ("nothing", CasePlanItemFacts(serviceType: nil, description: "  "), "description:required,responsibleName:responsible_required,serviceType:required"),
        ("due in the past", CasePlanItemFacts(serviceType: "legal", description: "x", responsibleName: "y", dueOn: "2026-03-09"), "dueOn:date_in_past"),
        ("not a date", CasePlanItemFacts(serviceType: "legal", description: "x", responsibleName: "y", dueOn: "2026-02-30"), "dueOn:invalid_date"),
        ("unknown organisation", CasePlanItemFacts(serviceType: "legal", description: "x", responsibleOrganization: .unknown), "responsibleOrganizationId:not_found_ref"),
        ("inactive organisation", CasePlanItemFacts(serviceType: "legal", description: "x", responsibleOrganization: .known(active: false)), "responsibleOrganizationId:organization_inactive"),
    ])
    func planItems(_ name: String, _ facts: CasePlanItemFacts, _ expected: String) {
        #expect(Self.codes { _ = try CasePlanRules.validateItem(facts, today: Self.today) } == expected, "\(name)")
    }

    @Test("Plan item statuses", arguments: [
        (CasePlanItemStatus.planned, Optional("in_progress"), "ok"), (.planned, "done", "ok"), (.inProgress, "cancelled", "ok"), (.inProgress, "planned", "ok"),
        (.done, "planned", "conflict:plan_item_final"), (.cancelled, "in_progress", "conflict:plan_item_final"), (.planned, "finished", "status:unknown_value"),
        (.planned, nil, "status:required"),
    ])
    func itemStatus(_ from: CasePlanItemStatus, _ to: String?, _ expected: String) {
        #expect(Self.codes { _ = try CasePlanRules.transition(from: from, to: to) } == expected)
    }

    @Test("Goals") func goals() throws {
        #expect(try CasePlanRules.validateGoal(text: " Regular status ", status: nil) == CheckedGoal(text: "Regular status", status: .open))
        #expect(Self.codes { _ = try CasePlanRules.validateGoal(text: "", status: "won") } == "status:unknown_value,text:required")
        #expect(Self.codes { _ = try CasePlanRules.goalTransition(from: .achieved, to: "open") } == "conflict:plan_item_final")
        #expect(try CasePlanRules.goalTransition(from: .open, to: "dropped") == .dropped)
    }

    @Test("Services and referrals", arguments: [
        ("delivered today", CaseServiceFacts(mode: nil, serviceType: "medical", on: "2026-03-10"), "ok"),
        ("referral with provider", CaseServiceFacts(mode: "referral", serviceType: "legal", on: "2026-03-01", provider: .known(active: true)), "ok"),
        ("referral without provider", CaseServiceFacts(mode: "referral", serviceType: "legal", on: "2026-03-01"), "providerOrganizationId:required"),
        ("future", CaseServiceFacts(mode: "delivered", serviceType: "education", on: "2026-03-11"), "on:date_in_future"),
        ("unknown type and mode", CaseServiceFacts(mode: "sent", serviceType: "food", on: "2026-03-01"), "mode:unknown_value,serviceType:unknown_value"),
        ("no date", CaseServiceFacts(mode: nil, serviceType: "legal", on: ""), "on:required"),
    ])
    func services(_ name: String, _ facts: CaseServiceFacts, _ expected: String) {
        #expect(Self.codes { _ = try CasePlanRules.validateService(facts, today: Self.today) } == expected, "\(name)")
    }

    @Test("Visits", arguments: [
        ("visit with next", CaseVisitFacts(kind: "home", visitedOn: "2026-03-10", findings: "Doing well", nextVisitOn: "2026-03-24"), "ok"),
        ("future visit", CaseVisitFacts(kind: "home", visitedOn: "2026-03-11", findings: "x"), "visitedOn:date_in_future"),
        ("next before today", CaseVisitFacts(kind: "phone", visitedOn: "2026-03-01", findings: "x", nextVisitOn: "2026-03-05"), "nextVisitOn:next_visit_too_early"),
        ("next on the same day", CaseVisitFacts(kind: "phone", visitedOn: "2026-03-10", findings: "x", nextVisitOn: "2026-03-10"), "nextVisitOn:next_visit_too_early"),
        ("no findings, bad kind", CaseVisitFacts(kind: "street", visitedOn: "2026-03-10", findings: " "), "findings:required,kind:unknown_value"),
    ])
    func visits(_ name: String, _ facts: CaseVisitFacts, _ expected: String) {
        #expect(Self.codes { _ = try CasePlanRules.validateVisit(facts, today: Self.today) } == expected, "\(name)")
    }

    @Test("Notes: validation and who reads a restricted note") func notes() throws {
        #expect(try CaseNoteRules.validate(text: "Met the family", confidentiality: nil).confidentiality == .normal)
        #expect(Self.codes { _ = try CaseNoteRules.validate(text: "", confidentiality: "secret") } == "confidentiality:unknown_value,text:required")
        #expect(Self.codes { _ = try CaseNoteRules.validate(text: String(repeating: "a", count: 4001), confidentiality: nil) } == "text:too_long")
        let author = "A", assigned = "B"
        func reads(_ user: String, supervisor: Bool = false, _ level: CaseNoteConfidentiality = .restricted) -> Bool {
            CaseNoteRules.canRead(level, authorID: author, reader: CaseNoteReader(userID: user, isSupervisor: supervisor, assignedCaseworkerID: assigned))
        }
        #expect(reads("A") && reads("B") && reads("S", supervisor: true))
        #expect(!reads("C"), "another caseworker of the team does not read it")
        #expect(reads("C", .normal))
        #expect(!CaseNoteRules.canRead(.restricted, authorID: "A", reader: CaseNoteReader(userID: "C", isSupervisor: false, assignedCaseworkerID: nil)))
    }

    @Test("Tasks") func tasks() throws {
        #expect(try CaseTaskRules.validate(title: "Call the lawyer", dueOn: "2026-03-10", kind: nil, today: Self.today).kind == .other)
        #expect(Self.codes { _ = try CaseTaskRules.validate(title: " ", dueOn: "2026-03-09", kind: "chore", today: Self.today) } == "dueOn:date_in_past,kind:unknown_value,title:required")
        #expect(CaseTaskRules.isOverdue(dueOn: DayDate("2026-03-09")!, status: .open, today: Self.today))
        #expect(!CaseTaskRules.isOverdue(dueOn: Self.today, status: .open, today: Self.today), "due today is not overdue")
        #expect(!CaseTaskRules.isOverdue(dueOn: DayDate("2026-03-01")!, status: .done, today: Self.today))
        #expect(try CaseTaskRules.close(from: .open, to: .done) == .done)
        #expect(Self.codes { _ = try CaseTaskRules.close(from: .done, to: .cancelled) } == "conflict:task_closed")
    }

    @Test("Caseload: no-contact parameter and last contact") func caseload() throws {
        #expect(try CaseloadRules.noContactDays(nil) == 14 && CaseloadRules.noContactDays("30") == 30 && CaseloadRules.noContactDays("365") == 365)
        for bad in ["0", "366", "abc", "-1"] { #expect(Self.codes { _ = try CaseloadRules.noContactDays(bad) } == "noContactDays:out_of_range", "\(bad)") }
        let opened = DayDate("2026-02-01")!
        #expect(CaseloadRules.lastContact(lastContactOn: nil, openedOn: opened) == opened)
        #expect(CaseloadRules.withoutContact(lastContact: DayDate("2026-02-23")!, today: Self.today, days: 14), "15 days ago")
        #expect(!CaseloadRules.withoutContact(lastContact: DayDate("2026-02-24")!, today: Self.today, days: 14), "exactly 14 days ago is not more than 14")
        #expect(!CaseloadRules.withoutContact(lastContact: DayDate("2026-02-24")!, today: Self.today, days: 15), "exactly 14 days ago is within 15")
    }

    @Test("Assignment", arguments: [
        (CaseAssignmentRules.Assignee.none, "ok"), (.known(role: .caseworker, active: true, sameOrganization: true), "ok"),
        (.known(role: .socialWorker, active: true, sameOrganization: true), "ok"), (.unknown, "caseworkerId:not_found_ref"),
        (.known(role: .detentionOfficer, active: true, sameOrganization: true), "caseworkerId:not_a_caseworker"),
        (.known(role: .caseworker, active: false, sameOrganization: true), "caseworkerId:user_inactive"),
        (.known(role: .caseworker, active: true, sameOrganization: false), "caseworkerId:other_organization"),
    ])
    func assignment(_ assignee: CaseAssignmentRules.Assignee, _ expected: String) {
        #expect(Self.codes { _ = try CaseAssignmentRules.validate(assignee, team: "Team A") } == expected)
    }

    @Test("A re-detention reopens an approved decision; nothing else is reopened") func reopen() throws {
        #expect(try DecisionRules.transition(from: .approved, action: .reopen, actorIsProposer: false, outcome: .communityPlacement) == .reopened)
        for from in [DecisionStatus.proposed, .returned, .superseded, .withdrawn, .reopened] {
            #expect(Self.codes { _ = try DecisionRules.transition(from: from, action: .reopen, actorIsProposer: false, outcome: .release) }
                    == "conflict:decision_transition_invalid", "\(from)")
        }
        #expect(Self.codes { _ = try DecisionRules.transition(from: .reopened, action: .supersede, actorIsProposer: false, outcome: .release) }
                == "conflict:decision_transition_invalid", "reopened is final")
        #expect(!DecisionStatus.reopened.isOpen)
    }
}
