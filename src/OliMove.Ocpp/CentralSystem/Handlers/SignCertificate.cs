using Microsoft.Extensions.Logging;
using OliMove.Ocpp.Messages;
using OliMove.Ocpp.Routing;
using OliMove.Ocpp.Rpc;

namespace OliMove.Ocpp.CentralSystem.Handlers;

/// <summary>
/// Security extension (whitepaper use case A02): a charger asks for its client certificate. The CSR is signed here
/// with the CPO's CA key before the reply, so Accepted promises a certificate; once the reply is on the wire the
/// chain goes to the charger in CertificateSigned, which it uses from its next connection. A CSR that cannot be
/// signed (no CA key, another subject, weak key, bad signature) is answered Rejected and logged.
/// </summary>
public sealed class SignCertificate(ChargePointCertificateSigner signer, TimeProvider time, ILogger<SignCertificate> logger)
    : IChargePointCallHandler<SignCertificateRequest, SignCertificateResponse>
{
    public ValueTask<SignCertificateResponse> HandleAsync(ChargePointSession session, OcppCallContext context,
        SignCertificateRequest request, CancellationToken ct)
    {
        var outcome = signer.Sign(session.ChargePointId, request.Csr, time.GetUtcNow());
        if (outcome.CertificateChain is not { } chain)
        {
            logger.LogWarning("SignCertificate from {ChargePointId} rejected: {Reason}", session.ChargePointId, outcome.Refusal);
            return ValueTask.FromResult(new SignCertificateResponse { Status = AcceptanceStatus.Rejected });
        }
        context.OnReplySent(() => _ = SendCertificateAsync(session, chain));
        return ValueTask.FromResult(new SignCertificateResponse { Status = AcceptanceStatus.Accepted });
    }

    /// <summary>Runs on its own: the connection's task must not wait for the charger's answer to our CALL.</summary>
    private async Task SendCertificateAsync(ChargePointSession session, string chain)
    {
        try
        {
            var answer = await session.CallAsync(new CertificateSignedRequest { CertificateChain = chain });
            if (answer.Status == AcceptanceStatus.Accepted)
            {
                logger.LogInformation("{ChargePointId} accepted its signed certificate", session.ChargePointId);
            }
            else
            {
                logger.LogWarning("{ChargePointId} rejected its signed certificate", session.ChargePointId);
            }
        }
        catch (Exception e) when (e is OcppCallTimeoutException or OcppConnectionClosedException or OcppCallErrorException)
        {
            logger.LogWarning("CertificateSigned to {ChargePointId} failed: {Reason}", session.ChargePointId, e.Message);
        }
        catch (Exception e)
        {
            // Nobody awaits this task: an exception left in it would be lost.
            logger.LogError(e, "CertificateSigned to {ChargePointId} failed", session.ChargePointId);
        }
    }
}
