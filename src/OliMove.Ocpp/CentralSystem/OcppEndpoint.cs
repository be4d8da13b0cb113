using System.Net.WebSockets;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OliMove.Ocpp.Framing;
using OliMove.Ocpp.Messages;
using OliMove.Ocpp.Routing;
using OliMove.Ocpp.Rpc;

namespace OliMove.Ocpp.CentralSystem;

/// <summary>
/// The WebSocket endpoint <c>/ocpp/{chargePointId}</c>: known id (404 otherwise), HTTP Basic (profiles 1/2, 401
/// otherwise) or the TLS client certificate (profile 3, 403 otherwise) before the upgrade, subprotocol ocpp1.6, then
/// one RPC connection per charger; a second connection replaces the first.
/// </summary>
public sealed class OcppEndpoint(
    IChargePointDirectory directory,
    ChargePointConnectionRegistry registry,
    CentralSystemRoutes routes,
    OcppCentralSystemEvents events,
    IChargerTransactionIds transactionIds,
    IOptions<OcppCentralSystemOptions> options,
    AuthenticationFailureLimiter failures,
    ChargePointCertificateValidator certificates,
    ISecurityEventRecorder securityEvents,
    TimeProvider time,
    ILoggerFactory loggers,
    ChargePointConfigurationMemo? configurations = null)
{
    public const string SubProtocol = "ocpp1.6";

    private readonly ILogger _logger = loggers.CreateLogger<OcppEndpoint>();

    public async Task HandleAsync(HttpContext http, string chargePointId)
    {
        var settings = options.Value;
        if (!http.WebSockets.IsWebSocketRequest)
        {
            await RefuseAsync(http, StatusCodes.Status400BadRequest, "OCPP-J needs a WebSocket upgrade");
            return;
        }
        if (settings.SecurityProfile is OcppSecurityProfile.TlsWithBasicAuth or OcppSecurityProfile.TlsWithClientCertificate && !http.Request.IsHttps)
        {
            // Security whitepaper §2.4/§2.5: profiles 2 and 3 are TLS only; no downgrade to plain ws.
            await RefuseAsync(http, StatusCodes.Status403Forbidden, "this endpoint requires wss");
            return;
        }
        var ct = http.RequestAborted;
        // OCPP-J 1.6 §3.1.1: an unknown charge point id is refused with 404 before anything else.
        var registration = await directory.FindAsync(chargePointId, ct);
        if (registration is null)
        {
            _logger.LogWarning("Refused unknown charge point {ChargePointId}", chargePointId);
            await RefuseAsync(http, StatusCodes.Status404NotFound, "unknown charge point");
            return;
        }
        var remoteAddress = http.Connection.RemoteIpAddress?.ToString();
        if (settings.SecurityProfile != OcppSecurityProfile.None)
        {
            if (failures.TryBegin(chargePointId, remoteAddress) is { } wait)
            {
                // Too many wrong keys lately: refused before the (expensive) key check, decision 0228.
                _logger.LogWarning("Refused charge point {ChargePointId} from {RemoteAddress}: too many failed authentications", chargePointId, remoteAddress);
                await RefuseAsync(http, StatusCodes.Status429TooManyRequests, "too many failed authentications; retry later", wait);
                return;
            }

            if (settings.SecurityProfile == OcppSecurityProfile.TlsWithClientCertificate)
            {
                // Profile 3: the client certificate is the credential (cheap to check; the attempt is counted by
                // TryBegin like a wrong key, so a certificate flood meets the same limits).
                var certificate = await http.Connection.GetClientCertificateAsync(ct);
                if (certificates.Refusal(certificate, chargePointId, time.GetUtcNow()) is { } refusal)
                {
                    await NoteRefusedCertificateAsync(chargePointId, remoteAddress, certificate, refusal, ct);
                    await RefuseAsync(http, StatusCodes.Status403Forbidden, "client certificate refused");
                    return;
                }
            }
            else
            {
                bool authenticated;
                try
                {
                    authenticated = await IsAuthenticatedAsync(http, chargePointId, ct);
                }
                catch (KeyCheckBusyException busy)
                {
                    // The host's bound on parallel key checks is full (a flood): not the charger's fault, nothing counted.
                    failures.Forgive(chargePointId, remoteAddress);
                    _logger.LogWarning("Refused charge point {ChargePointId} for now: too many key checks under way", chargePointId);
                    await RefuseAsync(http, StatusCodes.Status503ServiceUnavailable, "busy; retry later", busy.RetryAfter);
                    return;
                }

                if (!authenticated)
                {
                    // Security whitepaper §2.3: Basic credentials are checked before the upgrade. The key is never logged.
                    // The failure was counted by TryBegin.
                    _logger.LogWarning("Refused charge point {ChargePointId}: missing or wrong credentials", chargePointId);
                    http.Response.Headers.WWWAuthenticate = "Basic realm=\"OCPP\", charset=\"UTF-8\"";
                    await RefuseAsync(http, StatusCodes.Status401Unauthorized, "authentication required");
                    return;
                }
            }

            failures.NoteSuccess(chargePointId, remoteAddress);
        }

        if (!http.WebSockets.WebSocketRequestedProtocols.Contains(SubProtocol))
        {
            // OCPP-J 1.6 §3.1.2: complete the handshake without the header, then close at once.
            using var refused = await http.WebSockets.AcceptWebSocketAsync();
            _logger.LogWarning("Closed {ChargePointId}: it did not offer subprotocol {SubProtocol}", chargePointId, SubProtocol);
            await refused.CloseAsync(WebSocketCloseStatus.ProtocolError, "subprotocol ocpp1.6 required", ct);
            return;
        }

        var schemas = await OcppSchemaSet.LoadEmbeddedAsync();
        using var socket = await http.WebSockets.AcceptWebSocketAsync(SubProtocol);
        var bootStatus = registry.LastBootStatus(chargePointId)
            ?? (registration.PreviouslyAccepted ? RegistrationStatus.Accepted : null);
        var session = new ChargePointSession(chargePointId, bootStatus, transactionIds, configurations);
        var dispatcher = new OcppCallDispatcher(
            routes.For(session),
            OcppActions.ReceivableByCentralSystem,
            schemas,
            context => Admit(session, context),
            settings.ValidateOutgoing,
            _logger);
        var connection = new OcppRpcConnection(chargePointId, socket, dispatcher, schemas,
            new OcppRpcOptions { CallTimeout = settings.CallTimeout, MaxFrameBytes = settings.MaxFrameBytes, ValidateOutgoing = settings.ValidateOutgoing },
            time, _logger);
        session.Attach(connection);
        if (registry.Register(session) is { } previous)
        {
            _logger.LogInformation("A new connection of {ChargePointId} replaces the previous one", chargePointId);
            await previous.Connection.CloseAsync(WebSocketCloseStatus.PolicyViolation, "replaced by a new connection");
        }
        events.Raise(new ChargePointConnected(chargePointId, time.GetUtcNow()));
        try
        {
            await connection.RunAsync(ct);
        }
        finally
        {
            registry.Remove(session);
            await connection.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye");
            events.Raise(new ChargePointDisconnected(chargePointId, time.GetUtcNow()));
        }
    }

    /// <summary>OCPP-J errata 3.10 (§5.6): any CALL other than BootNotification before the charger was accepted
    /// gets SecurityError.</summary>
    private static OcppCallError? Admit(ChargePointSession session, OcppCallContext context) =>
        context.Call.Action == BootNotificationRequest.Action || session.BootStatus == RegistrationStatus.Accepted
            ? null
            : new OcppCallError(context.Call.MessageId, OcppErrorCode.SecurityError,
                "the charge point is not accepted: send BootNotification first", []);

    /// <summary>Logged and kept as the security event "InvalidChargePointCertificate" (whitepaper's list), with the
    /// certificate's subject and thumbprint so that an operator can tell a misconfigured charger from an intruder.</summary>
    private async Task NoteRefusedCertificateAsync(string chargePointId, string? remoteAddress,
        System.Security.Cryptography.X509Certificates.X509Certificate2? certificate, string refusal, CancellationToken ct)
    {
        var presented = certificate is null ? "none" : $"{certificate.Subject} (SHA-1 {certificate.Thumbprint})";
        var techInfo = $"{refusal}; from {remoteAddress ?? "?"}; certificate {presented}";
        _logger.LogWarning("Security event InvalidChargePointCertificate: refused {ChargePointId}: {TechInfo}", chargePointId, techInfo);
        var now = time.GetUtcNow();
        try
        {
            await securityEvents.RecordAsync(new ChargePointSecurityEvent(chargePointId, "InvalidChargePointCertificate", now,
                techInfo.Length <= 255 ? techInfo : techInfo[..255], now, SecurityEventOrigin.CentralSystem), ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The refusal stands whether or not it could be stored.
            _logger.LogError(e, "The refused certificate of {ChargePointId} could not be recorded", chargePointId);
        }
    }

    private async Task<bool> IsAuthenticatedAsync(HttpContext http, string chargePointId, CancellationToken ct)
    {
        var header = http.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }
        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..].Trim()));
        }
        catch (FormatException)
        {
            return false;
        }
        var colon = decoded.IndexOf(':');
        return colon > 0
            && decoded[..colon] == chargePointId
            && await directory.VerifyAuthorizationKeyAsync(chargePointId, decoded[(colon + 1)..], ct);
    }

    private static async Task RefuseAsync(HttpContext http, int status, string reason, TimeSpan? retryAfter = null)
    {
        http.Response.StatusCode = status;
        if (retryAfter is { } wait)
        {
            http.Response.Headers.RetryAfter = Math.Max(1, Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        await http.Response.WriteAsync(reason, http.RequestAborted);
    }

}
