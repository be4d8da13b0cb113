using System.Numerics;
using Nethereum.KeyStore;
using Nethereum.KeyStore.Crypto;
using Nethereum.Signer;
using OliMove.Chain.Contracts;

namespace OliMove.Chain.Tests;

public sealed class WalletVaultTests(ChainFixture chain) : IClassFixture<ChainFixture>, IDisposable
{
    // Cheap scrypt for tests (17 ms); production uses WalletVault.ProductionScryptN.
    private const int TestScryptN = 4096;
    private const string MasterKey = "site-master-key-for-tests";
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "olimove-wallets-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public async Task Creates_one_account_per_idTag_and_signing_up_again_returns_the_same_address()
    {
        var vault = Vault();

        var first = await vault.CreateAccountAsync("TAG-0001");
        var again = await vault.CreateAccountAsync("TAG-0001");
        var other = await vault.CreateAccountAsync("TAG-0002");

        again.Should().Be(first);
        other.Should().NotBe(first);
        (await vault.GetAddressAsync("TAG-0001")).Should().Be(first);
        (await vault.GetAddressAsync("TAG-unknown")).Should().BeNull();
        Nethereum.Util.AddressUtil.Current.IsChecksumAddress(first).Should().BeTrue();
    }

    [Fact]
    public async Task Keeps_the_key_only_as_a_scrypt_keystore_under_the_master_key_and_never_in_clear()
    {
        var address = await Vault().CreateAccountAsync("TAG-0003");

        var file = Directory.GetFiles(_directory).Should().ContainSingle().Subject;
        Path.GetFileName(file).Should().NotContain("TAG-0003", "the folder does not list the users' tags");
        var json = await File.ReadAllTextAsync(file);
        json.Should().Contain("\"kdf\":\"scrypt\"");
        var key = new KeyStoreScryptService().DecryptKeyStoreFromJson(MasterKey, json);
        new EthECKey(key, true).GetPublicAddress().Should().Be(address);
        json.Should().NotContain(Convert.ToHexString(key).ToLowerInvariant());
    }

    [Fact]
    public async Task Exports_a_keystore_that_opens_with_the_users_password_only()
    {
        var vault = Vault();
        var address = await vault.CreateAccountAsync("TAG-0004");

        var exported = await vault.ExportKeystoreAsync("TAG-0004", "correct horse battery");

        var key = new KeyStoreScryptService().DecryptKeyStoreFromJson("correct horse battery", exported);
        new EthECKey(key, true).GetPublicAddress().Should().Be(address);
        var withMaster = () => new KeyStoreScryptService().DecryptKeyStoreFromJson(MasterKey, exported);
        withMaster.Should().Throw<DecryptionException>();
    }

    [Fact]
    public async Task Refuses_a_short_export_password_an_unknown_idTag_and_a_wrong_master_key_with_clear_errors()
    {
        var vault = Vault();
        await vault.CreateAccountAsync("TAG-0005");

        await FluentActions.Awaiting(() => vault.ExportKeystoreAsync("TAG-0005", "short"))
            .Should().ThrowAsync<ArgumentException>().WithMessage("*at least 8*");
        await FluentActions.Awaiting(() => vault.ExportKeystoreAsync("TAG-none", "long enough password"))
            .Should().ThrowAsync<KeyNotFoundException>();
        await FluentActions.Awaiting(() => new WalletVault(_directory, "another-master-key!", TestScryptN).ExportKeystoreAsync("TAG-0005", "long enough password"))
            .Should().ThrowAsync<InvalidOperationException>().WithMessage("*master key*");
        FluentActions.Invoking(() => new WalletVault(_directory, "short", TestScryptN)).Should().Throw<ArgumentException>();
        FluentActions.Invoking(() => new WalletVault(_directory, MasterKey, 1000)).Should().Throw<ArgumentException>().WithMessage("*power of two*");
    }

    [Fact]
    public async Task Reads_the_users_token_balance_from_FlexToken()
    {
        var vault = Vault();
        var address = await vault.CreateAccountAsync("TAG-0006");
        await chain.Settlement(chain.Operator).SettleAsync(ChainFixture.SiteId,
            [new SessionSettlementStruct { SessionNumber = ChainIds.SessionNumber("tx-1"), User = address, EnergyWh = 5_000, FlexibilityWhH = 2_500 }]);

        var balance = await vault.GetBalanceAsync("TAG-0006", chain.Token(chain.Operator));

        balance.Address.Should().Be(address);
        balance.BaseUnits.Should().Be(BigInteger.Pow(10, 15) * 2_500);
        balance.Tokens.Should().Be(2.5m);
    }

    private WalletVault Vault() => new(_directory, MasterKey, TestScryptN);
}
