import { useState } from 'react';
import { saveTheme, storedTheme, type Theme } from '../theme.js';

const CHOICES: { value: Theme; label: string }[] = [
  { value: 'system', label: 'Same as this device' },
  { value: 'light', label: 'Light' },
  { value: 'dark', label: 'Dark' },
];

/** Settings → Appearance: light or dark for this browser, or the device's own setting. */
export function ThemeSetting() {
  const [theme, setTheme] = useState<Theme>(storedTheme);
  return (
    <section className="panel" aria-labelledby="appearance-title">
      <h2 id="appearance-title">Appearance</h2>
      <fieldset>
        <legend>Colours in this browser</legend>
        <div className="days">
          {CHOICES.map((choice) => (
            <label key={choice.value} className="day">
              <input
                type="radio"
                name="theme"
                value={choice.value}
                checked={theme === choice.value}
                onChange={() => {
                  setTheme(choice.value);
                  saveTheme(choice.value);
                }}
              />
              {choice.label}
            </label>
          ))}
        </div>
      </fieldset>
    </section>
  );
}
