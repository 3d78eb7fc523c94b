using System.Net.Mail;
using Microsoft.Extensions.Options;

namespace KccAssistant.Web.About;

/// <summary>
/// Checks the <c>Kcc:About</c> section at start; every message names the key. A transparency page that tells agents
/// to mail an address that is not one is worse than an app that does not start.
/// </summary>
public sealed class AboutOptionsValidator : IValidateOptions<AboutOptions>
{
    private const string Section = AboutOptions.SectionName;

    // Long enough for "Gemeente Súdwest-Fryslân, team ..." yet short enough to fit the page's layout.
    internal const int MaxTextLength = 120;

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, AboutOptions options)
    {
        var failures = ValidateAll(options);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>All problems of <paramref name="options"/>.</summary>
    public static IReadOnlyList<string> ValidateAll(AboutOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        RequireText(failures, "MunicipalityName", options.MunicipalityName, "the municipality's name, e.g. Lindenhaven");
        RequireText(failures, "ContactName", options.ContactName, "the team or person agents contact about the assistant");
        RequireText(failures, "ContactEmail", options.ContactEmail, "an e-mail address for questions about the assistant");
        if (!string.IsNullOrWhiteSpace(options.ContactEmail) && !IsEmailAddress(options.ContactEmail.Trim()))
        {
            failures.Add($"{Section}:ContactEmail '{options.ContactEmail}' is not an e-mail address (e.g. kcc-assistent@gemeente.nl).");
        }

        if (!string.IsNullOrWhiteSpace(options.ContactPhone))
        {
            var phone = options.ContactPhone.Trim();
            var digits = phone.Count(char.IsAsciiDigit);
            // Digits with the usual separators only: the page turns it into a tel: link, and 14 0xx numbers have 7.
            if (digits is < 7 or > 15 || phone.Any(c => !char.IsAsciiDigit(c) && c is not (' ' or '-' or '+' or '(' or ')')))
            {
                failures.Add($"{Section}:ContactPhone '{options.ContactPhone}' is not a phone number (digits, spaces, '-', '+', '(' and ')'; 7 to 15 digits), or leave it empty.");
            }
        }

        return failures;
    }

    /// <summary>The number as a <c>tel:</c> URI: digits and a leading '+' only.</summary>
    public static string TelUri(string phone)
    {
        ArgumentNullException.ThrowIfNull(phone);
        var trimmed = phone.Trim();
        return "tel:" + (trimmed.StartsWith('+') ? "+" : "") + new string([.. trimmed.Where(char.IsAsciiDigit)]);
    }

    private static void RequireText(List<string> failures, string key, string? value, string what)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            failures.Add($"{Section}:{key} is required ({what}).");
        }
        else if (value.Trim().Length > MaxTextLength)
        {
            failures.Add($"{Section}:{key} is longer than {MaxTextLength} characters.");
        }
    }

    private static bool IsEmailAddress(string value) =>
        // MailAddress alone accepts display names ("Team <a@b.nl>"); a mailto: link needs the bare address.
        MailAddress.TryCreate(value, out var address) && address.Address == value && address.Host.Contains('.', StringComparison.Ordinal);
}
