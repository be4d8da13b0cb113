using System.Net.Sockets;
using Nethereum.JsonRpc.Client;

namespace OliMove.Chain;

/// <summary>Which exceptions mean "the node failed" (the items wait and the writer backs off) rather than "this item is bad".</summary>
internal static class NodeFailures
{
    public static bool IsTransient(Exception e, CancellationToken ct) => e switch
    {
        OperationCanceledException => !ct.IsCancellationRequested,
        RpcClientUnknownException or RpcClientTimeoutException or RpcResponseException => true,
        HttpRequestException or TimeoutException or SocketException or IOException => true,
        _ => false,
    };

    /// <summary>
    /// The node's refusal to estimate a call that needs more gas than a block holds (anvil: "gas required exceeds
    /// allowance", geth: "exceeds block gas limit"): no retry can help that transaction as it is.
    /// </summary>
    public static bool IsOverBlockGasLimit(RpcResponseException e)
    {
        var message = e.RpcError?.Message ?? e.Message;
        return message.Contains("exceeds allowance", StringComparison.OrdinalIgnoreCase)
            || message.Contains("exceeds block gas limit", StringComparison.OrdinalIgnoreCase)
            || message.Contains("gas limit reached", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Nethereum wraps a refused connection in a generic message; the inner one says what happened.</summary>
    public static string Describe(Exception e) =>
        e.InnerException is { } inner && e is RpcClientUnknownException ? $"{e.Message} ({inner.Message})" : e.Message;
}
