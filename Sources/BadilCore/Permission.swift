/// Named actions. Every route declares one of these (or is explicitly public / any signed-in user).
public enum Permission: String, CaseIterable, Codable, Sendable {
    // Reference data and administration
    case organizationRead = "organization.read"
    case organizationManage = "organization.manage"
    case userRead = "user.read"
    case userManage = "user.manage"
    case locationRead = "location.read"
    case locationManage = "location.manage"
    case auditRead = "audit.read"
    // People and their journey (used by later capabilities; granted here so the matrix is complete)
    case arrivalRead = "arrival.read"
    case arrivalRecord = "arrival.record"
    case personRead = "person.read"
    case personRegister = "person.register"
    case personUpdate = "person.update"
    case personMerge = "person.merge"
    case personUnmerge = "person.unmerge"
    case screeningConduct = "screening.conduct"
    case decisionPropose = "decision.propose"
    case decisionApprove = "decision.approve"
    case referralCreate = "referral.create"
    case referralDecide = "referral.decide"
    case transferHandover = "transfer.handover"
    /// Record a move in custody (a new stay).
    case stayRecord = "stay.record"
    case facilityManage = "facility.manage"
    case caseManage = "case.manage"
    /// Assign or reassign a case to a caseworker or team; see the caseload of others.
    case caseAssign = "case.assign"
    case caseClose = "case.close"
    case consularAct = "consular.act"
    case trainingManage = "training.manage"
    case reportAggregate = "report.aggregate"
    case breakGlassReview = "breakglass.review"
}
