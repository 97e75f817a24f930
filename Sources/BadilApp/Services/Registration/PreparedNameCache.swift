import Dispatch
import Foundation
import Synchronization
import BadilCore

/// Names prepared for matching, shared by every candidate search of the process. Preparing a name (normalising,
/// transliterating, phonetic keys) costs more than scoring it, and the same names recur across thousands of people,
/// so a prepared name is kept and reused. The cache is bounded: when full it starts again from empty (the old
/// entries are freed in the background).
final class PreparedNameCache: Sendable {
    static let shared = PreparedNameCache(limit: 50_000)

    private let limit: Int
    private let store = Mutex<[PersonNameForms: PreparedName]>([:])

    init(limit: Int) { self.limit = limit }

    func prepared(_ names: PersonNameForms) -> PreparedName {
        if let hit = store.withLock({ $0[names] }) { return hit }
        let made = NameMatcher.prepare(names)
        let full: [PersonNameForms: PreparedName]? = store.withLock { cache in
            var old: [PersonNameForms: PreparedName]?
            if cache.count >= limit {
                old = cache
                cache = [:]
                cache.reserveCapacity(limit)
            }
            cache[names] = made
            return old
        }
        // Freeing 50,000 prepared names takes milliseconds: not on the caller's time.
        if let full { DispatchQueue.global(qos: .utility).async { withExtendedLifetime(full) {} } }
        return made
    }
}
