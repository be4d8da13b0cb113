using Microsoft.Extensions.DependencyInjection.Extensions;
using OliMove.Edge.Configuration;
using OliMove.Ocpp.CentralSystem;
using OliMove.Storage;

namespace OliMove.Edge.Security;

public static class OcppCertificateServiceCollectionExtensions
{
    /// <summary>
    /// OCPP security profile 3 and the security extension: the CPO's CA (and its key, if configured) for the central
    /// system, and security events stored in SQLite instead of the module's in-memory default. Kestrel asks for client
    /// certificates on its HTTPS endpoints (see <see cref="OcppClientCertificates"/>) where EdgeApplication sets up TLS.
    /// </summary>
    public static IServiceCollection AddOcppCertificates(this IServiceCollection services, EdgeOptions options)
    {
        var certificates = options.Ocpp.Certificates;
        var authorities = certificates.CaCertificatePath is { } path ? CertificateAuthorityFiles.LoadAuthorities(path) : null;
        var signer = certificates.CaKeyPath is { } key && certificates.CaCertificatePath is { } caPath
            ? CertificateAuthorityFiles.LoadSigningAuthority(caPath, key, certificates.CaKeyPasswordVariable)
            : null;
        services.Configure<OcppCentralSystemOptions>(o =>
        {
            if (authorities is not null)
            {
                o.ClientCertificateAuthorities = authorities;
            }
            o.CertificateSigningAuthority = signer;
            o.CertificateOrganization = string.IsNullOrWhiteSpace(certificates.Organization) ? null : certificates.Organization;
            o.IssuedCertificateValidity = TimeSpan.FromDays(certificates.IssuedCertificateValidityDays);
        });
        services.TryAddSingleton<SecurityEventRepository>();
        services.Replace(ServiceDescriptor.Singleton<ISecurityEventRecorder, StoredSecurityEventRecorder>());
        return services;
    }
}
