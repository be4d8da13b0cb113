using OliMove.Edge.Configuration;
using OliMove.Edge.Security;
using OliMove.Ocpp.CentralSystem;

namespace OliMove.Edge.Tests.Security;

/// <summary>Profile 3 refuses to start half configured, each time with a message naming the key to fix.</summary>
public sealed class ProfileThreeConfigurationTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("olimove-profile3-config-").FullName;

    [Fact]
    public void Profile_3_without_a_server_certificate_or_the_CPOs_CA_is_refused_naming_both_keys()
    {
        var load = () => EdgeOptionsLoader.Load(null, new Dictionary<string, string?> { ["Ocpp:SecurityProfile"] = "3" });

        load.Should().Throw<EdgeConfigurationException>()
            .Which.Message.Should().Contain("Ocpp.SecurityProfile 3 needs Tls.CertificatePath").And.Contain("Ocpp.SecurityProfile 3 needs Ocpp.Certificates.CaCertificatePath");
    }

    [Fact]
    public void Missing_CA_files_and_a_profile_beyond_3_are_refused()
    {
        var load = () => EdgeOptionsLoader.Load(null, new Dictionary<string, string?>
        {
            ["Ocpp:SecurityProfile"] = "4",
            ["Ocpp:Certificates:CaCertificatePath"] = Path.Combine(_directory, "missing.pem"),
            ["Ocpp:Certificates:CaKeyPath"] = Path.Combine(_directory, "missing.key"),
        });

        load.Should().Throw<EdgeConfigurationException>()
            .Which.Message.Should().Contain("Ocpp.SecurityProfile must be 0, 1, 2 or 3")
            .And.Contain("Ocpp.Certificates.CaCertificatePath").And.Contain("missing.pem' does not exist")
            .And.Contain("missing.key' does not exist");
    }

    [Fact]
    public void A_CA_file_that_holds_a_charger_certificate_or_a_key_of_another_CA_is_refused_at_start()
    {
        using var cpo = TestCertificateAuthority.Create();
        using var other = TestCertificateAuthority.Create("Other CA");
        var (caPath, keyPath) = cpo.WritePem(_directory);
        var otherDirectory = Directory.CreateDirectory(Path.Combine(_directory, "other")).FullName;
        var (_, otherKeyPath) = other.WritePem(otherDirectory);
        using var leaf = cpo.IssueClientCertificate("CP-1");
        var leafPath = Path.Combine(_directory, "leaf.pem");
        File.WriteAllText(leafPath, leaf.ExportCertificatePem());

        var leafAsCa = () => CertificateAuthorityFiles.LoadAuthorities(leafPath);
        leafAsCa.Should().Throw<EdgeConfigurationException>().WithMessage("*CaCertificatePath*is not a CA certificate*");
        var wrongKey = () => CertificateAuthorityFiles.LoadSigningAuthority(caPath, otherKeyPath, null);
        wrongKey.Should().Throw<EdgeConfigurationException>().WithMessage("*CaKeyPath*is not the PEM key of the first certificate*");
        using var signing = CertificateAuthorityFiles.LoadSigningAuthority(caPath, keyPath, "");
        signing.HasPrivateKey.Should().BeTrue();
        CertificateAuthorityFiles.LoadAuthorities(caPath).Should().ContainSingle()
            .Which.Thumbprint.Should().Be(cpo.Certificate.Thumbprint);
        new ChargePointCertificateSigner(new OcppCentralSystemOptions { CertificateSigningAuthority = signing })
            .Sign("CP-1", "not a CSR", DateTimeOffset.UtcNow).Refusal.Should().StartWith("the CSR is not a valid PEM PKCS#10 request");
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
