"""Messages for answer errors, in the six UN languages. Codes are stable; wording may change.

Translations are drafts not yet reviewed by a professional translator (as for the shipped survey).
"""

from __future__ import annotations

from typing import Any

MESSAGES: dict[str, dict[str, str]] = {
    "carried_over_unconfirmed": {
        "en": "Check the answers of “{section}” carried over from cycle {cycle}, then confirm or change them",
        "fr": "Vérifiez les réponses de « {section} » reprises du cycle {cycle}, puis confirmez-les ou modifiez-les",
        "es": "Revise las respuestas de «{section}» traídas del ciclo {cycle} y luego confírmelas o cámbielas",
        "ru": "Проверьте ответы раздела «{section}», перенесённые из цикла {cycle}, затем подтвердите или измените их",
        "zh": "请检查从 {cycle} 周期带入的“{section}”答案，然后确认或修改",
        "ar": "راجع إجابات «{section}» المنقولة من الدورة {cycle}، ثم أكّدها أو غيّرها",
    },
    "required": {
        "en": "Answer this question",
        "fr": "Répondez à cette question",
        "es": "Responda a esta pregunta",
        "ru": "Ответьте на этот вопрос",
        "zh": "请回答此问题",
        "ar": "يرجى الإجابة عن هذا السؤال",
    },
    "invalid_type": {
        "en": "Enter {expected}",
        "fr": "Saisissez {expected}",
        "es": "Introduzca {expected}",
        "ru": "Введите {expected}",
        "zh": "请输入{expected}",
        "ar": "أدخل {expected}",
    },
    "invalid_date": {
        "en": "Enter a real date in the form YYYY-MM-DD",
        "fr": "Saisissez une date valide au format AAAA-MM-JJ",
        "es": "Introduzca una fecha válida con el formato AAAA-MM-DD",
        "ru": "Введите действительную дату в формате ГГГГ-ММ-ДД",
        "zh": "请按 YYYY-MM-DD 格式输入有效日期",
        "ar": "أدخل تاريخًا صحيحًا بالصيغة YYYY-MM-DD",
    },
    "invalid_email": {
        "en": "Enter an email address in the correct format, like name@example.org",
        "fr": "Saisissez une adresse électronique au bon format, par exemple nom@example.org",
        "es": "Introduzca una dirección de correo electrónico con el formato correcto, como nombre@example.org",
        "ru": "Введите адрес электронной почты в правильном формате, например name@example.org",
        "zh": "请按正确格式输入电子邮件地址，例如 name@example.org",
        "ar": "أدخل عنوان بريد إلكتروني بالصيغة الصحيحة، مثل name@example.org",
    },
    "invalid_option": {
        "en": "'{code}' is not one of the options",
        "fr": "« {code} » ne fait pas partie des options",
        "es": "«{code}» no es una de las opciones",
        "ru": "«{code}» не является одним из вариантов",
        "zh": "“{code}”不是可选项之一",
        "ar": "«{code}» ليس من بين الخيارات",
    },
    "option_not_available": {
        "en": "'{code}' cannot be chosen with your other answers",
        "fr": "« {code} » ne peut pas être choisi compte tenu de vos autres réponses",
        "es": "«{code}» no puede elegirse con sus otras respuestas",
        "ru": "«{code}» нельзя выбрать при ваших других ответах",
        "zh": "根据您的其他回答，不能选择“{code}”",
        "ar": "لا يمكن اختيار «{code}» مع إجاباتك الأخرى",
    },
    "duplicate_option": {
        "en": "'{code}' is given more than once",
        "fr": "« {code} » figure plus d'une fois",
        "es": "«{code}» aparece más de una vez",
        "ru": "«{code}» указан более одного раза",
        "zh": "“{code}”重复出现",
        "ar": "«{code}» مذكور أكثر من مرة",
    },
    "exclusive_option": {
        "en": "'{code}' cannot be combined with other options",
        "fr": "« {code} » ne peut pas être combiné avec d'autres options",
        "es": "«{code}» no puede combinarse con otras opciones",
        "ru": "«{code}» нельзя сочетать с другими вариантами",
        "zh": "“{code}”不能与其他选项同时选择",
        "ar": "لا يمكن الجمع بين «{code}» وخيارات أخرى",
    },
    "other_required": {
        "en": "Say what 'other' is",
        "fr": "Précisez ce que recouvre « autre »",
        "es": "Especifique qué es «otro»",
        "ru": "Уточните, что означает «другое»",
        "zh": "请具体说明“其他”",
        "ar": "يرجى تحديد «أخرى»",
    },
    "invalid_character": {
        "en": "Remove the control characters from this answer",
        "fr": "Supprimez les caractères de contrôle de cette réponse",
        "es": "Elimine los caracteres de control de esta respuesta",
        "ru": "Удалите управляющие символы из этого ответа",
        "zh": "请删除此答案中的控制字符",
        "ar": "يرجى حذف أحرف التحكم من هذه الإجابة",
    },
    "too_short": {
        "en": "Enter at least {min} characters",
        "fr": "Saisissez au moins {min} caractères",
        "es": "Introduzca al menos {min} caracteres",
        "ru": "Введите не менее {min} символов",
        "zh": "请至少输入 {min} 个字符",
        "ar": "أدخل {min} حرفًا على الأقل",
    },
    "too_long": {
        "en": "Enter {max} characters or fewer",
        "fr": "Saisissez {max} caractères au maximum",
        "es": "Introduzca {max} caracteres como máximo",
        "ru": "Введите не более {max} символов",
        "zh": "最多输入 {max} 个字符",
        "ar": "أدخل {max} حرفًا أو أقل",
    },
    "pattern_mismatch": {
        "en": "Enter the answer in the expected format",
        "fr": "Saisissez la réponse au format attendu",
        "es": "Introduzca la respuesta con el formato esperado",
        "ru": "Введите ответ в ожидаемом формате",
        "zh": "请按要求的格式输入答案",
        "ar": "أدخل الإجابة بالصيغة المطلوبة",
    },
    "below_min": {
        "en": "Enter a value of {min} or more",
        "fr": "Saisissez une valeur supérieure ou égale à {min}",
        "es": "Introduzca un valor igual o superior a {min}",
        "ru": "Введите значение не меньше {min}",
        "zh": "请输入不小于 {min} 的值",
        "ar": "أدخل قيمة تساوي {min} أو أكثر",
    },
    "above_max": {
        "en": "Enter a value of {max} or less",
        "fr": "Saisissez une valeur inférieure ou égale à {max}",
        "es": "Introduzca un valor igual o inferior a {max}",
        "ru": "Введите значение не больше {max}",
        "zh": "请输入不大于 {max} 的值",
        "ar": "أدخل قيمة تساوي {max} أو أقل",
    },
    "too_many_decimals": {
        "en": "Enter a number with at most {decimals} decimal places",
        "fr": "Saisissez un nombre comportant au plus {decimals} décimales",
        "es": "Introduzca un número con {decimals} decimales como máximo",
        "ru": "Введите число не более чем с {decimals} знаками после запятой",
        "zh": "请输入最多 {decimals} 位小数的数字",
        "ar": "أدخل رقمًا لا يتجاوز {decimals} منازل عشرية",
    },
    "too_few_selected": {
        "en": "Select at least {min}",
        "fr": "Sélectionnez-en au moins {min}",
        "es": "Seleccione al menos {min}",
        "ru": "Выберите не менее {min}",
        "zh": "请至少选择 {min} 项",
        "ar": "اختر {min} على الأقل",
    },
    "too_many_selected": {
        "en": "Select {max} or fewer",
        "fr": "Sélectionnez-en {max} au maximum",
        "es": "Seleccione {max} como máximo",
        "ru": "Выберите не более {max}",
        "zh": "最多选择 {max} 项",
        "ar": "اختر {max} أو أقل",
    },
    "too_few_rows": {
        "en": "Add at least {min} rows",
        "fr": "Ajoutez au moins {min} lignes",
        "es": "Añada al menos {min} filas",
        "ru": "Добавьте не менее {min} строк",
        "zh": "请至少添加 {min} 行",
        "ar": "أضف {min} صفوف على الأقل",
    },
    "too_many_rows": {
        "en": "Enter {max} rows or fewer",
        "fr": "Saisissez {max} lignes au maximum",
        "es": "Introduzca {max} filas como máximo",
        "ru": "Введите не более {max} строк",
        "zh": "最多输入 {max} 行",
        "ar": "أدخل {max} صفوف أو أقل",
    },
    "unknown_question": {
        "en": "'{key}' is not a question of this survey",
        "fr": "« {key} » n'est pas une question de cette enquête",
        "es": "«{key}» no es una pregunta de esta encuesta",
        "ru": "«{key}» не является вопросом этого опроса",
        "zh": "“{key}”不是本调查的问题",
        "ar": "«{key}» ليس سؤالًا في هذا الاستبيان",
    },
    "unknown_row": {
        "en": "'{key}' is not a row of this question",
        "fr": "« {key} » n'est pas une ligne de cette question",
        "es": "«{key}» no es una fila de esta pregunta",
        "ru": "«{key}» не является строкой этого вопроса",
        "zh": "“{key}”不是此问题的行",
        "ar": "«{key}» ليس صفًا في هذا السؤال",
    },
    "not_answerable": {
        "en": "This item takes no answer",
        "fr": "Cet élément n'appelle pas de réponse",
        "es": "Este elemento no admite respuesta",
        "ru": "Этот элемент не предполагает ответа",
        "zh": "此项无需回答",
        "ar": "هذا البند لا يتطلب إجابة",
    },
    "constraint": {
        "en": "The answer does not meet a rule of this question",
        "fr": "La réponse ne respecte pas une règle de cette question",
        "es": "La respuesta no cumple una regla de esta pregunta",
        "ru": "Ответ не соответствует правилу этого вопроса",
        "zh": "答案不符合此问题的规则",
        "ar": "الإجابة لا تستوفي إحدى قواعد هذا السؤال",
    },
}

EXPECTED: dict[str, dict[str, str]] = {
    "text": {"en": "text", "fr": "du texte", "es": "texto", "ru": "текст", "zh": "文本", "ar": "نصًا"},
    "integer": {
        "en": "a whole number",
        "fr": "un nombre entier",
        "es": "un número entero",
        "ru": "целое число",
        "zh": "整数",
        "ar": "عددًا صحيحًا",
    },
    "number": {"en": "a number", "fr": "un nombre", "es": "un número", "ru": "число", "zh": "数字", "ar": "رقمًا"},
    "boolean": {
        "en": "yes or no",
        "fr": "oui ou non",
        "es": "sí o no",
        "ru": "да или нет",
        "zh": "是或否",
        "ar": "نعم أو لا",
    },
    "list": {
        "en": "a list of options",
        "fr": "une liste d'options",
        "es": "una lista de opciones",
        "ru": "список вариантов",
        "zh": "选项列表",
        "ar": "قائمة خيارات",
    },
    "object": {
        "en": "a set of answers",
        "fr": "un ensemble de réponses",
        "es": "un conjunto de respuestas",
        "ru": "набор ответов",
        "zh": "一组答案",
        "ar": "مجموعة إجابات",
    },
    "option": {
        "en": "an option code",
        "fr": "un code d'option",
        "es": "un código de opción",
        "ru": "код варианта",
        "zh": "选项代码",
        "ar": "رمز خيار",
    },
}


def render(code: str, params: dict[str, Any], lang: str) -> str:
    templates = MESSAGES[code]
    template = templates.get(lang) or templates["en"]
    values = dict(params)
    expected = values.get("expected")
    if isinstance(expected, str) and expected in EXPECTED:
        values["expected"] = EXPECTED[expected].get(lang) or EXPECTED[expected]["en"]
    return template.format(**values)
