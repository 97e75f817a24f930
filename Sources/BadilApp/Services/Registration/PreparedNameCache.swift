import Foundation
import Synchronization
import BadilCore

/// Names prepared for matching, shared by every candidate search of the process. Preparing a name (normalising,
/// transliterating, phonetic keys) costs more than scoring it, and the same names recur across thousands of people,
/// so a prepared name is kept and reused. The cache is bounded: when full it starts again from empty.
final class PreparedNameCache: Sendable {
    static let shared = PreparedNameCache(limit: 50_000)

    private let limit: Int
    private let store = Mutex<[PersonNameForms: PreparedName]>([:])

    init(limit: Int) { self.limit = limit }

    func prepared(_ names: PersonNameForms) -> PreparedName {
        if let hit = store.withLock({ $0[names] }) { return hit }
        let made = NameMatcher.prepare(names)
        store.withLock { cache in
            if cache.count >= limit { cache.removeAll(keepingCapacity: true) }
            cache[names] = made
        }
        return made
    }
}
