// Keys shared by the packs list and the editor.

/** The localStorage key of the import the packs list hands to the editor. */
export const IMPORT_KEY = 'quiznight.import';
