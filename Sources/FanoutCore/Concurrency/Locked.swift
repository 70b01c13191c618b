#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A value behind a lock: the package's one way of sharing mutable state between threads.
///
/// Written here instead of using the standard library's `Synchronization.Mutex` because
/// ThreadSanitizer cannot see that `Mutex` on Linux (it locks with raw futex calls, which TSan does
/// not intercept): a correct counter behind a `Mutex`, incremented by two threads, is reported as a
/// data race, so `make tsan` could never be clean. A `pthread_mutex_t` is intercepted, costs the
/// same uncontended, and gives TSan the happens-before edges it needs. The interface is `Mutex`'s.
package final class Locked<Value: ~Copyable>: @unchecked Sendable {
    // @unchecked Sendable is safe for the reason `Mutex` is Sendable: `value` is only reached inside
    // `withLock`, under the lock, and the values that go in and out are `sending`, so no reference to
    // it escapes to another thread unprotected.
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private var value: Value

    package init(_ initialValue: consuming sending Value) {
        mutex = UnsafeMutablePointer.allocate(capacity: 1)
        mutex.initialize(to: pthread_mutex_t())
        pthread_mutex_init(mutex, nil)
        value = initialValue
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    /// Runs `body` with the value, holding the lock.
    package func withLock<Result: ~Copyable, E: Error>(
        _ body: (inout sending Value) throws(E) -> sending Result
    ) throws(E) -> sending Result {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body(&value)
    }
}
