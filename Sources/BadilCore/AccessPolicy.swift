/// The one place where roles are granted permissions and a record scope.
public enum AccessPolicy {
    public static func permissions(for role: Role) -> Set<Permission> {
        switch role {
        case .admin:
            return [.organizationRead, .organizationManage, .userRead, .userManage, .locationRead,
                    .locationManage, .auditRead, .reportAggregate]
        case .supervisor:
            return [.organizationRead, .userRead, .locationRead, .arrivalRead, .arrivalRecord,
                    .personRead, .personRegister, .personUpdate, .personMerge, .personUnmerge, .screeningConduct,
                    .decisionPropose, .decisionApprove, .referralCreate, .caseManage, .caseAssign, .caseClose,
                    .stayRecord, .reportAggregate]
        case .caseworker:
            return [.organizationRead, .locationRead, .arrivalRead, .arrivalRecord, .personRead,
                    .personRegister, .personUpdate, .personMerge, .screeningConduct, .decisionPropose,
                    .referralCreate, .caseManage, .stayRecord, .reportAggregate]
        case .socialWorker:
            // The Ministry runs the child-friendly centres: its social workers keep them up to date and decide referrals to them.
            return [.organizationRead, .locationRead, .arrivalRead, .personRead, .personUpdate,
                    .screeningConduct, .decisionPropose, .referralCreate, .referralDecide, .caseManage, .facilityManage,
                    .reportAggregate]
        case .detentionOfficer:
            return [.locationRead, .arrivalRead, .arrivalRecord, .personRead, .personRegister,
                    .transferHandover, .stayRecord]
        case .coastGuard:
            return [.locationRead, .arrivalRecord, .personRegister, .stayRecord]
        case .consular:
            // No personRead: an embassy reaches people only through the consular routes, which show identity and documents.
            return [.locationRead, .consularAct]
        case .facilityOperator:
            return [.locationRead, .personRead, .referralDecide, .facilityManage]
        case .trainer:
            return [.organizationRead, .locationRead, .trainingManage]
        case .dataProtectionOfficer:
            return [.organizationRead, .userRead, .locationRead, .auditRead, .breakGlassReview,
                    .reportAggregate]
        case .viewer:
            return [.locationRead, .reportAggregate]
        }
    }

    public static func scope(for role: Role) -> RecordScope {
        switch role {
        case .admin, .dataProtectionOfficer: return .all
        case .supervisor: return .organization
        case .caseworker: return .team
        case .socialWorker: return .organization
        case .detentionOfficer: return .facility
        case .coastGuard: return .own
        case .consular: return .nationalityWithConsent
        case .facilityOperator: return .facility
        case .trainer, .viewer: return .none
        }
    }

    /// Who reads a person's case records (plan, services, visits, notes, tasks, timeline, child protection, return and
    /// closure): those who work the case or supervise it, and the organisation-wide oversight roles. A detention officer
    /// or a facility operator reads the people in their care, but not the case: it is protection data.
    public static func readsCaseRecords(_ role: Role) -> Bool {
        let p = permissions(for: role)
        guard p.contains(.personRead) else { return false }
        return p.contains(.caseManage) || p.contains(.caseClose) || scope(for: role) == .all
    }

    public static func allows(_ role: Role, _ permission: Permission) -> Bool {
        permissions(for: role).contains(permission)
    }

    /// Which roles an organisation of a given type may hold. An embassy account can never be a caseworker.
    public static func rolesAllowed(in type: OrganizationType) -> Set<Role> {
        switch type {
        case .iom:
            return [.admin, .supervisor, .caseworker, .dataProtectionOfficer, .trainer, .viewer]
        case .ministry:
            return [.supervisor, .socialWorker, .caseworker, .trainer, .viewer]
        case .detentionAuthority:
            return [.detentionOfficer, .viewer]
        case .coastGuard:
            return [.coastGuard, .viewer]
        case .embassy:
            return [.consular]
        case .ngoOperator:
            return [.facilityOperator, .socialWorker, .caseworker, .viewer]
        case .donor:
            return [.viewer]
        }
    }
}
