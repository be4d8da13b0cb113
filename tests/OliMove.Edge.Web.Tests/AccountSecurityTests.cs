using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using OliMove.Edge.Users;
using OliMove.Storage;

namespace OliMove.Edge.WebTests;

/// <summary>
/// Tokens that end when the driver says so, a private key that needs the password again, and password hashes that
/// move to today's cost (issue 21), over the real HTTP API.
/// </summary>
public class AccountSecurityTests
{
    private const string Password = "correct horse battery";

    [Fact]
    public async Task Sign_out_revokes_the_presented_token_at_once_and_revoke_all_ends_every_other()
    {
        await using var site = await WebTestSite.StartAsync(WebTestSite.TinySiteMap);
        var phone = await site.SignUpAsync("ada", "TAG-ADA");
        var laptop = await SignInAsync(site, "ada");
        var tablet = await SignInAsync(site, "ada");
        var bob = await site.SignUpAsync("bob", "TAG-BOB");

        (await site.PostAsync("/api/v1/me/sign-out", phone, null)).Response.StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await site.GetAsync("/api/v1/me", phone)).Response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await site.GetAsync("/api/v1/me", laptop)).Response.StatusCode.Should().Be(HttpStatusCode.OK, "signing out ends one token only");

        var (revoked, count) = await site.PostAsync("/api/v1/me/tokens/revoke-all", laptop, null);
        revoked.StatusCode.Should().Be(HttpStatusCode.OK);
        count.GetProperty("revoked").GetInt32().Should().Be(2, "the laptop's and the tablet's; the phone's was already revoked");
        (await site.GetAsync("/api/v1/me", laptop)).Response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await site.GetAsync("/api/v1/me", tablet)).Response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await site.GetAsync("/api/v1/me", bob)).Response.StatusCode.Should().Be(HttpStatusCode.OK, "another driver's tokens are untouched");
        (await site.PostAsync("/api/v1/me/sign-out", null, null)).Response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);

        (await site.GetAsync("/api/v1/me", await SignInAsync(site, "ada"))).Response.StatusCode.Should().Be(HttpStatusCode.OK, "signing in again works");
    }

    [Fact]
    public async Task Keystore_export_asks_for_the_account_password_and_exports_nothing_without_it()
    {
        var keyFile = Path.Combine(Path.GetTempPath(), $"olimove-master-{Guid.NewGuid():N}.key");
        await File.WriteAllTextAsync(keyFile, "a-site-master-key-for-tests-only");
        try
        {
            await using var site = await WebTestSite.StartAsync(WebTestSite.TinySiteMap, o =>
            {
                o.Chain.WalletMasterKeyFile = keyFile;
                o.Chain.KeystoreScryptN = 4096;
            });
            var ada = await site.SignUpAsync("ada", "TAG-ADA");
            (await site.PostAsync("/api/v1/users/ada/cards", WebTestSite.OperatorToken, new { idTag = "TAG-ADA" })).Response.StatusCode.Should().Be(HttpStatusCode.OK);
            var address = (await site.GetAsync("/api/v1/me/wallet", ada)).Body.GetProperty("address").GetString();
            address.Should().NotBeNullOrEmpty("binding the card gives the account the card's wallet");

            var missing = await site.SendAsync(HttpMethod.Post, "/api/v1/me/wallet/keystore", ada, new { password = "an export password" });
            missing.Response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
            missing.Body.GetProperty("error").GetString().Should().Contain("account password");
            var wrong = await site.SendAsync(HttpMethod.Post, "/api/v1/me/wallet/keystore", ada, new { accountPassword = "wrong horse battery", password = "an export password" });
            wrong.Response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
            wrong.Body.ValueKind.Should().Be(JsonValueKind.Object);
            wrong.Body.TryGetProperty("crypto", out _).Should().BeFalse("nothing is exported");

            var (ok, keystore) = await site.PostAsync("/api/v1/me/wallet/keystore", ada, new { accountPassword = Password, password = "an export password" });
            ok.StatusCode.Should().Be(HttpStatusCode.OK);
            keystore.GetProperty("address").GetString().Should().EndWithEquivalentOf(address![2..], "the keystore is the account's wallet");
            keystore.TryGetProperty("crypto", out _).Should().BeTrue();
        }
        finally
        {
            File.Delete(keyFile);
        }
    }

    [Fact]
    public async Task A_hash_of_210000_iterations_is_replaced_by_one_of_600000_at_the_next_sign_in_and_still_verifies()
    {
        await using var site = await WebTestSite.StartAsync(WebTestSite.TinySiteMap);
        await site.SignUpAsync("ada", "TAG-ADA");
        var users = site.Host.Get<UserRepository>();
        var ada = (await users.GetByLoginAsync("ada"))!;
        ada.PasswordHash.Should().StartWith("pbkdf2-sha256$600000$", "new hashes use OWASP's 600,000 iterations");
        var old = OldHash(Password, 210_000);
        await users.SetPasswordHashAsync(ada.Id, old);
        UserPasswordHash.NeedsUpgrade(old).Should().BeTrue();

        (await site.PostAsync("/api/v1/me/sign-in", null, new { login = "ada", password = "wrong horse battery" })).Response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await users.GetAsync(ada.Id))!.PasswordHash.Should().Be(old, "a failed sign-in changes nothing");

        await SignInAsync(site, "ada");

        var upgraded = (await users.GetAsync(ada.Id))!.PasswordHash!;
        upgraded.Should().StartWith("pbkdf2-sha256$600000$").And.NotBe(old);
        UserPasswordHash.Verify(Password, upgraded).Should().BeTrue();
        UserPasswordHash.NeedsUpgrade(upgraded).Should().BeFalse();
        await SignInAsync(site, "ada");
    }

    private static async Task<string> SignInAsync(WebTestSite site, string login)
    {
        var (response, body) = await site.PostAsync("/api/v1/me/sign-in", null, new { login, password = Password });
        response.StatusCode.Should().Be(HttpStatusCode.OK, body.ToString());
        return body.GetProperty("token").GetString()!;
    }

    // A hash as the service wrote them before decision 0244, made here independently of UserPasswordHash.
    private static string OldHash(string password, int iterations)
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        var hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, 32);
        return string.Create(CultureInfo.InvariantCulture, $"pbkdf2-sha256${iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}");
    }
}
