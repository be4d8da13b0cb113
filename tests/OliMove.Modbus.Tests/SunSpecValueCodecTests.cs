using OliMove.Modbus.SunSpec;

namespace OliMove.Modbus.Tests;

public sealed class SunSpecValueCodecTests
{
    [Fact]
    public void Sentinels_decode_to_null()
    {
        SunSpecValueCodec.Int16(0x8000).Should().BeNull();
        SunSpecValueCodec.UInt16(0xFFFF).Should().BeNull();
        SunSpecValueCodec.Int32(0x8000, 0x0000).Should().BeNull();
        SunSpecValueCodec.UInt32(0xFFFF, 0xFFFF).Should().BeNull();
        SunSpecValueCodec.Acc32(0, 0).Should().BeNull();
        SunSpecValueCodec.Acc32(0xFFFF, 0xFFFF).Should().BeNull();
        SunSpecValueCodec.Float32(0x7FC0, 0x0000).Should().BeNull();
        SunSpecValueCodec.ScaleFactor(0x8000).Should().BeNull();
    }

    [Fact]
    public void Values_decode_high_word_first_and_signed_where_signed()
    {
        SunSpecValueCodec.Int16(0xFFFE).Should().Be(-2);
        SunSpecValueCodec.Int32(0xFFFF, 0xFFFE).Should().Be(-2);
        SunSpecValueCodec.UInt32(0x0001, 0x0002).Should().Be(65538u);
        SunSpecValueCodec.Acc32(0x0012, 0xD687).Should().Be(1_234_567u);
        SunSpecValueCodec.Float32(0x4049, 0x0FDB).Should().BeApproximately(3.14159265f, 1e-6f);
    }

    [Theory]
    [InlineData((ushort)0xFFFD, 1234, 1.234)]
    [InlineData((ushort)0x0002, 12, 1200)]
    [InlineData((ushort)0x0000, 77, 77)]
    public void Scales_by_ten_to_the_scale_factor(ushort rawScaleFactor, double raw, double expected)
    {
        SunSpecValueCodec.Scale(raw, SunSpecValueCodec.ScaleFactor(rawScaleFactor)).Should().BeApproximately(expected, 1e-9);
    }

    [Fact]
    public void A_scale_factor_outside_minus_ten_to_ten_is_unusable()
    {
        SunSpecValueCodec.ScaleFactor(11).Should().BeNull();
        SunSpecValueCodec.Scale(5, SunSpecValueCodec.ScaleFactor(11)).Should().BeNull();
    }

    [Fact]
    public void Strings_stop_at_nul_and_drop_space_padding()
    {
        var registers = SunSpecValueCodec.EncodeString("SMA", 4);

        registers.Should().Equal(0x534D, 0x4100, 0, 0);
        SunSpecValueCodec.String(registers).Should().Be("SMA");
        SunSpecValueCodec.String([0x4142, 0x2020, 0x2020]).Should().Be("AB");
    }

    [Fact]
    public void Rejects_a_string_longer_than_its_registers()
    {
        var act = () => SunSpecValueCodec.EncodeString("ABCDE", 2);

        act.Should().Throw<ArgumentException>();
    }
}
