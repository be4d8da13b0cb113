using OliMove.Ocpp.Messages;

namespace OliMove.Edge.Api.Commands;

/// <summary>POST /chargepoints/{id}/install-certificate: a root certificate (PEM) for the charger to trust
/// (OCPP 1.6 security extension InstallCertificate).</summary>
public sealed record InstallCertificateCommand
{
    public required CertificateUse CertificateType { get; init; }

    public required string Certificate { get; init; }
}
