using System.Security.Cryptography.X509Certificates;

namespace OliMove.Ocpp.CentralSystem;

/// <summary>Reads one attribute of a subject name exactly (no fallback to other fields, as
/// <see cref="X509Certificate2.GetNameInfo"/> has): null when it is absent or given more than once.</summary>
internal static class CertificateSubject
{
    private const string CommonNameOid = "2.5.4.3";
    private const string OrganizationOid = "2.5.4.10";

    public static string? CommonName(X500DistinguishedName subject) => Single(subject, CommonNameOid);

    public static string? Organization(X500DistinguishedName subject) => Single(subject, OrganizationOid);

    /// <summary>Whitepaper: the CN carries the charge point's identity and, when the CPO name is configured, O
    /// carries it. Null when <paramref name="subject"/> fits, else why not.</summary>
    public static string? Mismatch(X500DistinguishedName subject, string chargePointId, string? organization)
    {
        var commonName = CommonName(subject);
        if (commonName != chargePointId)
        {
            return commonName is null
                ? "the subject has no single CN"
                : $"the subject CN '{commonName}' is not the charge point id";
        }
        if (organization is not null && Organization(subject) is var o && o != organization)
        {
            return $"the subject O '{o}' is not the CPO name '{organization}'";
        }
        return null;
    }

    private static string? Single(X500DistinguishedName subject, string oid)
    {
        string? found = null;
        foreach (var rdn in subject.EnumerateRelativeDistinguishedNames())
        {
            if (rdn.HasMultipleElements || rdn.GetSingleElementType().Value != oid)
            {
                continue;
            }
            if (found is not null)
            {
                return null;
            }
            found = rdn.GetSingleElementValue();
        }
        return found;
    }
}
