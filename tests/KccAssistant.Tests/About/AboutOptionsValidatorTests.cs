using KccAssistant.Web.About;

namespace KccAssistant.Tests.About;

public sealed class AboutOptionsValidatorTests
{
    [Fact]
    public void ValidateAll_Defaults_AreValid() => Assert.Empty(AboutOptionsValidator.ValidateAll(new AboutOptions()));

    [Fact]
    public void ValidateAll_EmptyPhone_IsValidBecausePhoneIsOptional() =>
        Assert.Empty(AboutOptionsValidator.ValidateAll(new AboutOptions { ContactPhone = " " }));

    [Theory]
    [InlineData("MunicipalityName")]
    [InlineData("ContactName")]
    [InlineData("ContactEmail")]
    public void ValidateAll_RequiredTextMissing_FailsNamingTheKey(string key)
    {
        var options = new AboutOptions();
        typeof(AboutOptions).GetProperty(key)!.SetValue(options, "  ");

        var failure = Assert.Single(AboutOptionsValidator.ValidateAll(options));

        Assert.StartsWith($"Kcc:About:{key} is required", failure, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("geen-adres")]
    [InlineData("Team KCC <kcc@lindenhaven.nl>")]
    [InlineData("kcc@localhost")]
    public void ValidateAll_NotABareEmailAddress_FailsNamingTheKey(string email)
    {
        var failure = Assert.Single(AboutOptionsValidator.ValidateAll(new AboutOptions { ContactEmail = email }));

        Assert.Contains("Kcc:About:ContactEmail", failure, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("bel 14 0589")]
    [InlineData("12345")]
    [InlineData("0589 555 000 of 0589 555 100")]
    public void ValidateAll_NotAPhoneNumber_FailsNamingTheKey(string phone)
    {
        var failure = Assert.Single(AboutOptionsValidator.ValidateAll(new AboutOptions { ContactPhone = phone }));

        Assert.Contains("Kcc:About:ContactPhone", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void ValidateAll_TooLongName_Fails() =>
        Assert.Contains("longer than", Assert.Single(AboutOptionsValidator.ValidateAll(new AboutOptions { ContactName = new string('a', 121) })), StringComparison.Ordinal);

    [Theory]
    [InlineData("0589 555 000", "tel:0589555000")]
    [InlineData("+31 589-555 000", "tel:+31589555000")]
    public void TelUri_FormattedNumber_KeepsDigitsAndLeadingPlus(string phone, string expected) =>
        Assert.Equal(expected, AboutOptionsValidator.TelUri(phone));
}
