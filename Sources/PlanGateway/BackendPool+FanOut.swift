extension BackendPool {
    /// The replicas a call to every replica goes to (the recordings watch of the HTTP front):
    /// those available, else, as for single calls (panic mode), those not ejected.
    var fanOutReplicas: [Replica] {
        let now = ContinuousClock.now
        let replicas = self.replicas
        let available = replicas.filter { $0.isAvailable(at: now) }
        return available.isEmpty ? replicas.filter { !$0.isEjected(at: now) } : available
    }
}
