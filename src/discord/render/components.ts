import {
  type APIActionRowComponent,
  type APIButtonComponentWithCustomId,
  type APIComponentInMessageActionRow,
  type APIStringSelectComponent,
  ButtonStyle,
  ComponentType,
} from 'discord-api-types/v10';
import { clip, collapseWhitespace, sanitiseLine } from '../../text/index.ts';
import type { ViewAction, ViewControls, ViewSelect } from '../../views.ts';
import { encodeCustomId, encodeInlineCustomId, type StoreState } from '../custom-id.ts';
import {
  ACTION_ROWS_MAX,
  BUTTON_LABEL_MAX,
  BUTTONS_PER_ROW_MAX,
  SELECT_OPTION_DESCRIPTION_MAX,
  SELECT_OPTION_LABEL_MAX,
  SELECT_OPTION_VALUE_MAX,
  SELECT_OPTIONS_MAX,
  SELECT_PLACEHOLDER_MAX,
} from '../limits.ts';
import { neutraliseMentions } from './text.ts';

export type ActionRow = APIActionRowComponent<APIComponentInMessageActionRow>;

const BUTTON_STYLES = {
  primary: ButtonStyle.Primary,
  secondary: ButtonStyle.Secondary,
  danger: ButtonStyle.Danger,
} as const satisfies Record<NonNullable<ViewAction['style']>, ButtonStyle>;

/**
 * Action rows for a View's controls: each select menu takes a row, buttons fill rows of five, then
 * each group of `rows` takes a row of its own (five buttons at most).
 * Past Discord's five rows the rest is left out (selects first, since they carry the most).
 */
export function renderControls(controls: ViewControls | undefined, storeState: StoreState): ActionRow[] {
  if (!controls) return [];
  const rows: ActionRow[] = [];
  for (const select of controls.selects ?? []) {
    if (rows.length >= ACTION_ROWS_MAX) break;
    const menu = renderSelect(select, storeState);
    if (menu) rows.push({ type: ComponentType.ActionRow, components: [menu] });
  }
  const buttons = controls.buttons ?? [];
  for (let start = 0; start < buttons.length && rows.length < ACTION_ROWS_MAX; start += BUTTONS_PER_ROW_MAX) {
    rows.push({
      type: ComponentType.ActionRow,
      components: buttons.slice(start, start + BUTTONS_PER_ROW_MAX).map((button) => renderButton(button, storeState)),
    });
  }
  for (const group of controls.rows ?? []) {
    if (rows.length >= ACTION_ROWS_MAX) break;
    if (group.length === 0) continue;
    rows.push({
      type: ComponentType.ActionRow,
      components: group.slice(0, BUTTONS_PER_ROW_MAX).map((button) => renderButton(button, storeState)),
    });
  }
  return rows;
}

function renderButton(action: ViewAction, storeState: StoreState): APIButtonComponentWithCustomId {
  return {
    type: ComponentType.Button,
    style: BUTTON_STYLES[action.style ?? 'secondary'],
    label: clip(collapseWhitespace(neutraliseMentions(action.label)), BUTTON_LABEL_MAX) || '…',
    custom_id: customIdOf(action, storeState),
    disabled: action.disabled ?? false,
  };
}

function customIdOf(control: ViewAction | ViewSelect, storeState: StoreState): string {
  return control.persistent
    ? encodeInlineCustomId(control.route, control.state)
    : encodeCustomId(control.route, storeState(control.route, control.state));
}

function renderSelect(select: ViewSelect, storeState: StoreState): APIStringSelectComponent | undefined {
  // A value is what the route receives back, so it can't be trimmed; one too long is left out.
  const options = select.options
    .filter((option) => option.value.length > 0 && option.value.length <= SELECT_OPTION_VALUE_MAX)
    .slice(0, SELECT_OPTIONS_MAX)
    .map((option) => ({
      // Labels are often paper titles: through the one sanitiser (issue 12).
      label: clip(sanitiseLine(option.label), SELECT_OPTION_LABEL_MAX) || option.value,
      value: option.value,
      ...(option.description
        ? { description: clip(sanitiseLine(option.description), SELECT_OPTION_DESCRIPTION_MAX) }
        : {}),
    }));
  // Discord requires at least one option, and min ≤ max ≤ option count.
  if (options.length === 0) return undefined;
  const maxValues = Math.max(1, Math.min(select.maxValues, options.length));
  const minValues = Math.max(0, Math.min(select.minValues, maxValues));
  return {
    type: ComponentType.StringSelect,
    custom_id: customIdOf(select, storeState),
    placeholder: clip(collapseWhitespace(select.placeholder), SELECT_PLACEHOLDER_MAX),
    min_values: minValues,
    max_values: maxValues,
    options,
  };
}

/**
 * The message's current rows with each button that `buttons` redraws replaced: a persistent
 * button's custom_id is made from its route and state alone, so the redrawn one has the same id as
 * the one on the message. Everything else (other papers' buttons, menus, other features' buttons)
 * is kept as the message has it.
 */
export function redrawButtons(
  current: readonly ActionRow[],
  buttons: readonly ViewAction[],
  storeState: StoreState,
): ActionRow[] {
  const redrawn = new Map(
    buttons.filter((b) => b.persistent).map((b) => [customIdOf(b, storeState), renderButton(b, storeState)] as const),
  );
  return current.map((row) => ({
    ...row,
    components: row.components.map((component) =>
      component.type === ComponentType.Button && 'custom_id' in component
        ? (redrawn.get(component.custom_id) ?? component)
        : component,
    ),
  }));
}
