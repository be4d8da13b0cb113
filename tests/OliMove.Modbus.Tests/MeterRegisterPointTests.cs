using OliMove.Modbus.Meters;

namespace OliMove.Modbus.Tests;

public sealed class MeterRegisterPointTests
{
    [Fact]
    public void Decodes_a_signed_16_bit_value_with_its_scale()
    {
        new MeterRegisterPoint(0, RegisterValueType.Int16, Scale: 10).Decode([unchecked((ushort)(short)-123)]).Should().Be(-1_230);
        new MeterRegisterPoint(0, RegisterValueType.UInt16, Scale: 10).Decode([unchecked((ushort)(short)-123)]).Should().Be(654_130);
    }

    [Theory]
    [InlineData(RegisterWordOrder.HighFirst, RegisterByteOrder.HighFirst, 0x4640, 0xE400)]
    [InlineData(RegisterWordOrder.LowFirst, RegisterByteOrder.HighFirst, 0xE400, 0x4640)]
    [InlineData(RegisterWordOrder.HighFirst, RegisterByteOrder.LowFirst, 0x4046, 0x00E4)]
    [InlineData(RegisterWordOrder.LowFirst, RegisterByteOrder.LowFirst, 0x00E4, 0x4046)]
    public void Decodes_a_float_in_every_word_and_byte_order(RegisterWordOrder words, RegisterByteOrder bytes, int first, int second)
    {
        // 12345.0f = 0x4640E400
        var point = new MeterRegisterPoint(0, RegisterValueType.Float32, 1, words, bytes);

        point.Decode([(ushort)first, (ushort)second]).Should().Be(12_345);
    }

    [Fact]
    public void Decodes_32_bit_integers_and_a_kilowatt_scale()
    {
        new MeterRegisterPoint(0, RegisterValueType.Int32, Scale: 0.1).Decode([0xFFFF, 0xFF38]).Should().Be(-20);
        new MeterRegisterPoint(0, RegisterValueType.UInt32, Scale: 1000, RegisterWordOrder.LowFirst).Decode([0x0028, 0x0000]).Should().Be(40_000);
    }

    [Fact]
    public void A_float_that_is_not_a_number_reads_null_not_zero()
    {
        new MeterRegisterPoint(0, RegisterValueType.Float32).Decode([0x7FC0, 0x0000]).Should().BeNull();
        new MeterRegisterPoint(0, RegisterValueType.Float32).Decode([0x7F80, 0x0000]).Should().BeNull();
    }

    [Fact]
    public void A_map_without_points_or_with_four_phases_or_a_zero_scale_is_refused()
    {
        var p = new MeterRegisterPoint(0, RegisterValueType.Int16);
        FluentActions.Invoking(() => new MeterRegisterMap(RegisterTable.Holding, null, []).Validate()).Should().Throw<ArgumentException>().WithMessage("*needs a total*");
        FluentActions.Invoking(() => new MeterRegisterMap(RegisterTable.Holding, null, [p, p, p, p]).Validate()).Should().Throw<ArgumentException>().WithMessage("*at most 3 phases*");
        FluentActions.Invoking(() => new MeterRegisterMap(RegisterTable.Holding, p with { Scale = 0 }, []).Validate()).Should().Throw<ArgumentException>().WithMessage("*scale 0*");
        FluentActions.Invoking(() => new MeterRegisterMap(RegisterTable.Holding, new MeterRegisterPoint(0xFFFF, RegisterValueType.Float32), []).Validate()).Should().Throw<ArgumentException>().WithMessage("*past register 65535*");
    }
}
