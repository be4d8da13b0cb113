namespace OliMove.Ocpp.Messages;

/// <summary>Security extension CertificateUseEnumType: which trust store a root certificate goes to.</summary>
public enum CertificateUse
{
    CentralSystemRootCertificate,
    ManufacturerRootCertificate,
}
