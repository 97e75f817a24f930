import Fluent
import Foundation
import BadilCore

/// Whether a child's best-interests determination allows a voluntary return: the latest determination decided
/// `voluntary_return` and a supervisor confirmed it (DOMAIN.md §4; child protection keeps the determinations).
enum ReturnChildBID {
    static func decidesReturn(personID: UUID, on db: any Database) async throws -> Bool {
        guard let bid = try await ChildBIDRecord.query(on: db).filter(\.$personID == personID)
            .sort(\.$decidedOn, .descending).sort(\.$recordedAt, .descending).first() else { return false }
        return bid.solution == DurableSolution.voluntaryReturn.rawValue && bid.confirmedOn != nil
    }
}
