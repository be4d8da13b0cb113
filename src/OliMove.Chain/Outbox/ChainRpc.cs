namespace OliMove.Chain;

/// <summary>Every RPC call of the outbox writer goes through here, so that a silent node counts as unreachable after <see cref="OutboxWriterOptions.RpcTimeout"/>.</summary>
internal sealed class ChainRpc(TimeProvider time, TimeSpan timeout)
{
    public Task<T> CallAsync<T>(Task<T> call, CancellationToken ct) => call.WaitAsync(timeout, time, ct);
}
