import Synchronization

/// A bounded, thread-safe memo for a pure function of a small key. Name parts and their phonetic forms recur
/// across thousands of people (Mohamed, Abderrahmane, Garba...), so analysing each once saves most of the work of
/// preparing a name for matching. When full it keeps what it has (the parts met first, which are the common
/// ones) and computes the rest every time; the results never depend on it.
final class Memo<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private let store = Mutex<[Key: Value]>([:])
    private let limit: Int

    init(limit: Int) { self.limit = limit }

    func value(_ key: Key, _ make: () -> Value) -> Value {
        if let hit = store.withLock({ $0[key] }) { return hit }
        let made = make()
        store.withLock { memo in
            if memo.count < limit { memo[key] = made }
        }
        return made
    }
}
