using System.Net.WebSockets;
using System.Text;
using Microsoft.Extensions.Logging;
using OliMove.Ocpp.Messages;
using OliMove.Ocpp.Routing;
using OliMove.Ocpp.Rpc;

namespace OliMove.Ocpp.Client;

/// <summary>
/// The client side of OCPP-J: opens <c>{CentralSystem}/{chargePointId}</c> with subprotocol ocpp1.6 (OCPP-J 1.6
/// §3.1) and, for security profiles 1 and 2, HTTP Basic <c>chargePointId:AuthorizationKey</c> (security whitepaper
/// §2.3), and runs the same <see cref="OcppRpcConnection"/> as the server side, with a route table for the
/// central system's CALLs.
/// </summary>
public sealed class OcppClientConnector(TimeProvider time, ILogger logger)
{
    public async Task<OcppRpcConnection> ConnectAsync(OcppClientOptions options, string chargePointId, string? authorizationKey,
        OcppRouteTable routes, CancellationToken ct)
    {
        var uri = AddressOf(options, chargePointId);
        if (options.SecurityProfile is 1 or 2 && string.IsNullOrEmpty(authorizationKey))
        {
            throw new OcppClientConnectException($"security profile {options.SecurityProfile} needs an AuthorizationKey for '{chargePointId}'");
        }
        var socket = new ClientWebSocket();
        socket.Options.AddSubProtocol("ocpp1.6");
        if (options.SecurityProfile is 1 or 2)
        {
            var credentials = Convert.ToBase64String(Encoding.UTF8.GetBytes(chargePointId + ":" + authorizationKey));
            socket.Options.SetRequestHeader("Authorization", "Basic " + credentials);
        }
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(options.ConnectTimeout);
        try
        {
            await socket.ConnectAsync(uri, timeout.Token);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or HttpRequestException && !ct.IsCancellationRequested)
        {
            socket.Dispose();
            // Never the key: the message names the address and the reason only.
            throw new OcppClientConnectException(e is OperationCanceledException
                ? $"no connection to {uri} within {options.ConnectTimeout.TotalSeconds:0.#} s"
                : $"connection to {uri} failed: {e.Message}", e);
        }
        if (socket.SubProtocol != "ocpp1.6")
        {
            // OCPP-J 1.6 §3.1.2: a server that does not agree on ocpp1.6 is not an OCPP 1.6 central system.
            socket.Abort();
            socket.Dispose();
            throw new OcppClientConnectException($"{uri} did not agree on subprotocol ocpp1.6");
        }
        var schemas = await OcppSchemaSet.LoadEmbeddedAsync();
        var dispatcher = new OcppCallDispatcher(routes, OcppActions.FromCentralSystem, schemas, _ => null, options.Rpc.ValidateOutgoing, logger);
        return new OcppRpcConnection(chargePointId, socket, dispatcher, schemas, options.Rpc, time, logger);
    }

    public static Uri AddressOf(OcppClientOptions options, string chargePointId)
    {
        var scheme = options.CentralSystem.Scheme;
        if (scheme is not ("ws" or "wss"))
        {
            throw new OcppClientConnectException($"the central system address must be ws:// or wss://, not {scheme}://");
        }
        if (options.SecurityProfile == 2 && scheme != "wss")
        {
            // Security whitepaper §2.4: profile 2 is TLS only.
            throw new OcppClientConnectException("security profile 2 needs a wss:// central system address");
        }
        return new Uri(options.CentralSystem.ToString().TrimEnd('/') + "/" + Uri.EscapeDataString(chargePointId));
    }
}
