extension PostgresJobLeadership {
    /// The intervals and time-outs of a leadership, and the bounds they give (docs/postgres.md,
    /// "Periodic jobs on one node").
    public struct Timing: Sendable, Equatable {
        /// How often a node that does not lead asks for the lock.
        public var tryInterval: Duration
        /// How often the leader's lock session proves it is alive (a statement in its transaction).
        public var heartbeatInterval: Duration
        /// How long any statement on the lock session may take to answer; past it the session counts
        /// as lost and is closed.
        public var answerTimeout: Duration
        /// The lock session's `idle_in_transaction_session_timeout`: a leader that falls silent (its
        /// machine or network gone, or the process frozen) keeps the lock at most this long after its
        /// last heartbeat, then the server ends its session.
        public var serverIdleTimeout: Duration
        /// The pause between taking the lock and the first round: time for a former leader whose
        /// session was lost, but whose process lives, to notice and end its round.
        public var takeoverDelay: Duration

        /// A leadership's timing.
        /// - Throws: ``Invalid`` when a value is not positive (the delay may be zero), or when a live
        ///   leader's heartbeats could leave its session idle past ``serverIdleTimeout``
        ///   (`heartbeatInterval + answerTimeout` must be shorter).
        public init(
            tryInterval: Duration = .seconds(5), heartbeatInterval: Duration = .seconds(5),
            answerTimeout: Duration = .seconds(10), serverIdleTimeout: Duration = .seconds(30),
            takeoverDelay: Duration = .seconds(25)
        ) throws(Invalid) {
            for (name, value) in [
                ("tryInterval", tryInterval), ("heartbeatInterval", heartbeatInterval),
                ("answerTimeout", answerTimeout), ("serverIdleTimeout", serverIdleTimeout),
            ] where value <= .zero {
                throw Invalid(description: "job leadership timing: \(name) must be positive, not \(value)")
            }
            guard takeoverDelay >= .zero else {
                throw Invalid(
                    description: "job leadership timing: takeoverDelay must not be negative, not \(takeoverDelay)")
            }
            guard heartbeatInterval + answerTimeout < serverIdleTimeout else {
                throw Invalid(
                    description: "job leadership timing: heartbeatInterval (\(heartbeatInterval)) + answerTimeout "
                        + "(\(answerTimeout)) must be shorter than serverIdleTimeout (\(serverIdleTimeout)), "
                        + "or the server would end a live leader's session")
            }
            (self.tryInterval, self.heartbeatInterval, self.answerTimeout) = (
                tryInterval, heartbeatInterval, answerTimeout
            )
            (self.serverIdleTimeout, self.takeoverDelay) = (serverIdleTimeout, takeoverDelay)
        }

        /// After the server released the lock, the longest until another node holds it: the rest of
        /// its pause, then ROLLBACK of its last refused attempt, BEGIN and the try, each answered
        /// within ``answerTimeout`` (typically milliseconds each, so about ``tryInterval``).
        public var lockTakenBound: Duration { tryInterval + answerTimeout * 3 }

        /// The longest a former leader whose session was lost (its process alive) goes on with a round
        /// before its round is cancelled: its next heartbeat, at most ``heartbeatInterval`` away, fails
        /// within ``answerTimeout``. (A LISTEN on the session makes a server-ended session known at once.)
        public var lossNoticedBound: Duration { heartbeatInterval + answerTimeout }

        /// Whether a former leader that lost its session has always cancelled its round before the new
        /// leader's first round starts: the delay exceeds ``lossNoticedBound``; the rest is the time its
        /// cancelled round takes to end.
        public var delayCoversLoss: Bool { takeoverDelay > lossNoticedBound }

        /// The server-side keepalives of the lock session (`tcp_keepalives_idle`, `_interval`, `_count`
        /// in whole seconds): a dead peer is found within about ``serverIdleTimeout`` even while the
        /// server waits in the middle of a statement, where the idle time-out does not run.
        var keepalives: (idle: Int, interval: Int, count: Int) {
            let seconds = Int(serverIdleTimeout.components.seconds)
            return (max(1, seconds / 3), max(1, seconds / 6), 3)
        }
    }

    /// A leadership's timing that cannot work.
    public struct Invalid: Error, CustomStringConvertible {
        /// Which value is wrong and why.
        public var description: String
    }

    /// The lock session's transaction no longer holds the lock (it answered the fence `false`).
    struct LockLost: Error, CustomStringConvertible {
        var job: String
        var description: String { "the job \(job)'s lock transaction no longer holds its advisory lock" }
    }
}
