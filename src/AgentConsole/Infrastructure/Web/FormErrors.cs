using Microsoft.AspNetCore.Components.Forms;

namespace AgentConsole.Infrastructure.Web;

/// <summary>Shows a <see cref="ValidationError"/> inline, next to the form field it names.</summary>
public static class FormErrors
{
    public static void Show(EditContext context, ValidationMessageStore messages, object model, ValidationError error)
    {
        messages.Clear();
        foreach (var (field, texts) in error.Errors)
        {
            var property = model.GetType().GetProperties()
                .FirstOrDefault(p => string.Equals(p.Name, field, StringComparison.OrdinalIgnoreCase));
            var identifier = property is null ? new FieldIdentifier(model, string.Empty) : new FieldIdentifier(model, property.Name);
            messages.Add(identifier, texts);
        }

        context.NotifyValidationStateChanged();
    }
}
