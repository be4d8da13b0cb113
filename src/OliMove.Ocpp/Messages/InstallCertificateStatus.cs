namespace OliMove.Ocpp.Messages;

/// <summary>Security extension CertificateStatusEnumType (InstallCertificate.conf).</summary>
public enum InstallCertificateStatus
{
    Accepted,
    Rejected,
    Failed,
}
