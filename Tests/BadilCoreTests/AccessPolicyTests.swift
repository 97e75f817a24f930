import Testing
@testable import BadilCore

@Suite("Roles, permissions and scope")
struct AccessPolicyTests {
    @Test("Only administrators manage accounts, organisations and locations")
    func onlyAdminsManage() {
        for role in Role.allCases {
            let p = AccessPolicy.permissions(for: role)
            #expect(p.contains(.userManage) == (role == .admin))
            #expect(p.contains(.organizationManage) == (role == .admin))
            #expect(p.contains(.locationManage) == (role == .admin))
        }
    }

    @Test("Roles that must never read individual records cannot", arguments: [Role.viewer, .trainer, .coastGuard, .consular])
    func noPersonRead(role: Role) {
        #expect(!AccessPolicy.allows(role, .personRead))
        #expect(!AccessPolicy.allows(role, .auditRead))
    }

    @Test("Scopes per role", arguments: [
        (Role.admin, RecordScope.all), (.dataProtectionOfficer, .all), (.supervisor, .organization), (.caseworker, .team),
        (.socialWorker, .organization), (.detentionOfficer, .facility), (.coastGuard, .own),
        (.consular, .nationalityWithConsent), (.facilityOperator, .facility), (.trainer, .none), (.viewer, .none),
    ])
    func scopes(role: Role, scope: RecordScope) {
        #expect(AccessPolicy.scope(for: role) == scope)
    }

    @Test("Decisions are approved only by supervisors; the audit trail is read by admins and the DPO")
    func separationOfDuties() {
        #expect(Role.allCases.filter { AccessPolicy.allows($0, .decisionApprove) } == [.supervisor])
        #expect(Set(Role.allCases.filter { AccessPolicy.allows($0, .auditRead) }) == [.admin, .dataProtectionOfficer])
        #expect(Role.allCases.filter { AccessPolicy.allows($0, .consularAct) } == [.consular])
    }

    @Test("Case records are read by those who work or supervise the case, and the oversight role; never by detention, shelters or embassies")
    func caseRecordReaders() {
        #expect(Set(Role.allCases.filter(AccessPolicy.readsCaseRecords)) == [.supervisor, .caseworker, .socialWorker, .dataProtectionOfficer].filter {
            AccessPolicy.allows($0, .personRead)
        }.reduce(into: Set<Role>()) { $0.insert($1) })
        for role in [Role.detentionOfficer, .facilityOperator, .consular, .coastGuard, .viewer, .trainer] {
            #expect(!AccessPolicy.readsCaseRecords(role), "\(role)")
        }
        #expect(AccessPolicy.readsCaseRecords(.caseworker) && AccessPolicy.readsCaseRecords(.socialWorker) && AccessPolicy.readsCaseRecords(.supervisor))
    }

    @Test("An embassy can only hold consular accounts; every organisation type allows some role")
    func rolesPerOrganization() {
        #expect(AccessPolicy.rolesAllowed(in: .embassy) == [.consular])
        #expect(!AccessPolicy.rolesAllowed(in: .detentionAuthority).contains(.caseworker))
        for type in OrganizationType.allCases { #expect(!AccessPolicy.rolesAllowed(in: type).isEmpty) }
        // Every role can be held somewhere.
        let holdable = OrganizationType.allCases.reduce(into: Set<Role>()) { $0.formUnion(AccessPolicy.rolesAllowed(in: $1)) }
        #expect(holdable == Set(Role.allCases))
    }

    @Test("Detention is the only location type that raises the child alert; alternatives are the accommodation types")
    func locationTypes() {
        #expect(LocationType.allCases.filter(\.isDetention) == [.detentionCentre])
        #expect(Set(LocationType.allCases.filter(\.isAlternative)) == [.shelter, .childFriendlyCentre, .safeHouse, .communityPlacement, .openCentre])
    }
}
