using System.Text.RegularExpressions;
using KccAssistant.QuestionLog;
using Microsoft.Extensions.Options;

namespace KccAssistant.Tests.QuestionLog;

public sealed partial class QuestionLogPseudonymsTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "kcc-qkey-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public void Of_SameId_SamePseudonymAlsoAfterRestart()
    {
        var first = new QuestionLogPseudonyms(_directory).Of("sub-4711");
        var again = new QuestionLogPseudonyms(_directory).Of("sub-4711");

        Assert.Equal(first, again);
        Assert.Matches(PseudonymShape(), first);
    }

    [Fact]
    public void Of_DifferentIds_DifferentPseudonymsWithoutTheId()
    {
        var pseudonyms = new QuestionLogPseudonyms(_directory);

        var a = pseudonyms.Of("Jan de Vries");
        var b = pseudonyms.Of("Marieke Bakker");

        Assert.NotEqual(a, b);
        Assert.DoesNotContain("Vries", a, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Of_OtherKeyFolder_OtherPseudonym()
    {
        var other = Path.Combine(_directory, "other");

        Assert.NotEqual(new QuestionLogPseudonyms(_directory).Of("sub-4711"), new QuestionLogPseudonyms(other).Of("sub-4711"));
    }

    [Fact]
    public void Of_FirstUse_KeyFileReadableByOwnerOnly()
    {
        var pseudonyms = new QuestionLogPseudonyms(_directory);
        pseudonyms.Of("sub-4711");

        Assert.Equal(32, new FileInfo(pseudonyms.KeyPath).Length);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(pseudonyms.KeyPath));
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3651)]
    public void Validate_RetentionOutOfRange_FailsNamingKey(int days)
    {
        var result = new QuestionLogOptionsValidator().Validate(null, new QuestionLogOptions { RetentionDays = days });

        Assert.True(result.Failed);
        Assert.Contains("Kcc:QuestionLog:RetentionDays", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_Defaults_Succeed()
    {
        var options = new QuestionLogOptions();

        Assert.Equal(ValidateOptionsResult.Success, new QuestionLogOptionsValidator().Validate(null, options));
        Assert.True(options.Enabled);
        Assert.Equal(90, options.RetentionDays);
    }

    [GeneratedRegex("^u-[0-9a-f]{12}$")]
    private static partial Regex PseudonymShape();
}
