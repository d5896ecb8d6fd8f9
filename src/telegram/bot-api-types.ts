/**
 * The Bot API types the bots outside this folder use, from telegraf's typings: re-exported here so
 * telegraf is imported in this folder only.
 */
export type {
  InlineKeyboardButton,
  InlineKeyboardMarkup,
  ReplyKeyboardMarkup,
  ReplyKeyboardRemove,
  UserFromGetMe,
} from 'telegraf/types';
