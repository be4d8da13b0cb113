using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using OliMove.Edge.Api;
using OliMove.Edge.Api.Commands;
using OliMove.Edge.Hosting;
using OliMove.Ocpp.CentralSystem;
using OliMove.Ocpp.Messages;
using OliMove.Storage;

namespace OliMove.Edge.Security;

/// <summary>
/// Operator calls of the OCPP 1.6 security extension (docs/api.md): install a root certificate on a charger, trigger
/// one of the extension's messages (e.g. SignChargePointCertificate), and read the security events. Checked like the
/// other operator actions: 400/404 before anything is sent, 503 when the charger is not connected or silent.
/// </summary>
public static class CertificateEndpoints
{
    // The OCA schema's maxLength of InstallCertificate.req certificate.
    private const int MaxCertificateLength = 5500;

    public static RouteGroupBuilder MapCertificateEndpoints(this RouteGroupBuilder api)
    {
        var op = api.MapGroup("").RequireAuthorization(ApiPolicies.Operator);
        op.MapPost("/chargepoints/{chargePointId}/install-certificate", (string chargePointId, HttpRequest request, SiteState site, ChargePointConnectionRegistry registry, CancellationToken ct) =>
            ChargePointCallRunner.RunAsync<InstallCertificateCommand>(chargePointId, request, site, registry, ct, async (cmd, client) =>
            {
                if (CertificateProblem(cmd.Certificate) is { } problem)
                {
                    return ApiErrors.BadRequest(problem);
                }

                var answer = await client.CallAsync(new InstallCertificateRequest { CertificateType = cmd.CertificateType, Certificate = cmd.Certificate }, ct);
                return Results.Ok(new { status = answer.Status.ToString() });
            }));
        op.MapPost("/chargepoints/{chargePointId}/extended-trigger", (string chargePointId, HttpRequest request, SiteState site, ChargePointConnectionRegistry registry, CancellationToken ct) =>
            ChargePointCallRunner.RunAsync<ExtendedTriggerCommand>(chargePointId, request, site, registry, ct, async (cmd, client) =>
            {
                if (cmd.ConnectorId is < 0)
                {
                    return ApiErrors.BadRequest("connectorId must not be negative");
                }

                if (cmd.ConnectorId is > 0 and var connector && site.Topology.FindConnector(chargePointId, connector) is null)
                {
                    return ApiErrors.NotFound($"charge point '{chargePointId}' has no connector {connector}");
                }

                var answer = await client.CallAsync(new ExtendedTriggerMessageRequest { RequestedMessage = cmd.RequestedMessage, ConnectorId = cmd.ConnectorId }, ct);
                return Results.Ok(new { status = answer.Status.ToString() });
            }));
        op.MapGet("/security-events", async (HttpRequest request, SecurityEventRepository events, CancellationToken ct) =>
        {
            var limit = 100;
            if (request.Query.TryGetValue("limit", out var text) && (!int.TryParse(text, out limit) || limit is < 1 or > 1000))
            {
                return ApiErrors.BadRequest("limit must be a whole number from 1 to 1000");
            }

            return Results.Ok(new { items = await events.LatestAsync(limit, ct) });
        });
        return api;
    }

    /// <summary>Null when <paramref name="pem"/> is one CA certificate in PEM within the schema's length.</summary>
    private static string? CertificateProblem(string pem)
    {
        if (pem.Length > MaxCertificateLength)
        {
            return $"certificate must be at most {MaxCertificateLength} characters (OCPP 1.6 security extension)";
        }

        try
        {
            using var certificate = X509Certificate2.CreateFromPem(pem);
            return certificate.Extensions.OfType<X509BasicConstraintsExtension>().FirstOrDefault() is { CertificateAuthority: true }
                ? null
                : "certificate is not a CA certificate (a charger installs root certificates only)";
        }
        catch (CryptographicException e)
        {
            return $"certificate is not a PEM X.509 certificate: {e.Message}";
        }
    }
}
