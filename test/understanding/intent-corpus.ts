/**
 * A held-out test corpus for understanding free text at the main menu (issue #19): messages people send
 * the bot instead of choosing a menu number, each with the intent it should reach.
 *
 * Where the phrasings come from: the five beneficiary-relationship policies in the shared seeds (a
 * regional charity in Duba, the Mustajidah cooperative, a members' association, a Quran-school charity,
 * the Al-Huda pilgrims' association in Rabigh), the services and FAQ of profiles/*.yaml, and the people
 * and flows of DESIGN.md and DOMAIN.md; worded the way beneficiaries write on WhatsApp: Modern Standard
 * Arabic, Saudi and Gulf dialect (Najdi, Hejazi, Southern), the usual misspellings (no hamza, ه for ة,
 * ى for ي, letters doubled or dropped, و joined to the next word), Arabizi, English and mixed text,
 * with or without polite openers and closers.
 *
 * The set is held out: it was written without seeing the matcher, its vocabulary or its locale keys, so
 * that scoring the matcher on it measures understanding rather than recall of the words it was built
 * from. Do not tune the matcher's word lists by copying phrases from here; add new cases here instead.
 *
 * Why this file is long: it is a data table, one message a line, grouped by intent; splitting it would
 * only scatter the set.
 *
 * Boundaries used throughout (a `note` marks the entries that lean on one):
 * - "how does X work?" is a `question` (the FAQ answers it); "I want to do X" is the intent X.
 * - "how long does a request take?" in general is a `question`; "when will MY request be answered?" is
 *   `status`.
 * - an urgent need at a place, now (a pilgrim collapsed at the Jamarat) is `field-help`; asking for a
 *   service to be delivered later (meals for a group) is `apply`.
 * - `ambiguous` only where a human reader would also ask "did you mean…?".
 */

export type IntentId =
  | 'apply'
  | 'status'
  | 'missing-info'
  | 'complaint'
  | 'suggestion'
  | 'compensation'
  | 'survey'
  | 'handoff'
  | 'my-data'
  | 'delete-data'
  | 'volunteer'
  | 'field-help'
  | 'question'
  | 'ambiguous';

export interface IntentCase {
  readonly text: string;
  readonly intent: IntentId;
  readonly note?: string;
}

type Said = string | { readonly text: string; readonly note: string };

/** The messages of one intent, written as a list so the table stays readable. */
function said(intent: IntentId, messages: readonly Said[]): IntentCase[] {
  return messages.map((m) => (typeof m === 'string' ? { text: m, intent } : { ...m, intent }));
}

const APPLY = said('apply', [
  'ابي اقدم طلب سلة غذائية',
  'السلام عليكم ابغى سله غذائيه الله يجزاكم خير',
  'أرغب في التقدم بطلب مساعدة إيجار',
  'السلام عليكم انا ارملة وعندي ٥ اطفال وصاحب البيت يطالبني بايجار ٣ شهور ومهددنا بالطرد ابي مساعده في الايجار',
  'ودي اسجل عندكم للسلال الشهريه',
  'عطوني سلة الله يعافيكم البيت فاضي',
  'ابغا اسجل في مساعدة الايجار كيف ابدأ',
  'نبي مساعده في فاتورة الكهرباء جتنا ٢٨٠٠ ريال وقطعوها علينا',
  'ابي طلب مساعده سداد فاتورة موية',
  'بيتنا مافيه ثلاجه ولا مكيف والحر ذابحنا، ابي اقدم على الاثاث',
  'ممكن اقدم طلب علاج لامي تحتاج عملية عيون وما نقدر على تكاليفها',
  'ولدي يحتاج نظاره طبيه وانا ما اقدر، ابي اقدم طلب',
  'اريد التسجيل في كفالة الايتام، زوجي توفى وعندي ٣ ايتام',
  'ابي اسجل ايتامي في الكفاله',
  {
    text: 'متى يفتح التسجيل في سلة رمضان؟ ابي اسجل',
    note: 'opens with a question but says what they want: to register',
  },
  'ابي كسوة العيد للعيال',
  'ابغى حقيبه مدرسيه لبنتي واخوانها',
  'طالب جامعي ومحتاج مساعده في رسوم الدراسه، ابي اقدم',
  'abi atgadam 3la sallah',
  'I want to apply for rent assistance',
  {
    text: 'hi, I need help paying my rent, how do I apply?',
    note: 'states a need of their own, so apply rather than a how-to question',
  },
  'apply food basket',
  'I need to request aid please',
  'ابي اقدم على المساعدات',
  'ابي اعبي طلب مساعده',
  'تقديم طلب',
  'ابغى اسوي طلب جديد',
  'السلام عليكم ورحمة الله، أنا مطلقة وأعول ٤ أبناء ودخلي من الضمان لا يكفي، أرجو تسجيلي في مساعدات الجمعية',
  'عندي ابو كبير بالسن ومريض سكر ونحتاج اجهزه وادويه ابي اقدم طلب علاجي',
  'ابي شهادة عضويه',
  'لو سمحت ابي كشف المساهمات حقي',
  'I need a membership certificate please',
  'ابغى اسجل ولدي في حلقة التحفيظ',
  'ابي مرشد يتكلم اوردو لمجموعة حجاج جايين الشهر الجاي',
  'نبي وجبات وموية لمجموعة ٢٠ معتمر يوصلون الخميس',
  'ابغى لباس احرام لابوي وعمي',
  'محتاجين مظلات للحجاج اللي معنا',
  'طلب كرسي متحرك لوالدتي في الحج، هي كبيرة وما تقدر تمشي طويل',
  'ابي اقدم طلب رعايه صحيه لوالدي المعتمر عنده ضغط',
  'وش اسوي عشان اقدم على سلة؟ ابي اقدم الحين',
  'ابي اقدم ع مساعده ماليه وضعي صعب جدا',
  {
    text: 'السلام عليكم اختي ارملة وساكنة لحالها وتبي تسجل عندكم للسلة، اقدر اسجل عنها؟',
    note: 'applying on behalf of a relative',
  },
  'نبغى سلة رمضان وجزاكم الله خير',
  {
    text: 'انا مقيم و ابي مساعده غذائيه اقدر اقدم؟',
    note: 'wants to apply; whether a resident qualifies is for the request flow to tell',
  },
  'ابي اتقدم بطلب دعم',
  'ابيي مساعدةايجار ضروري',
  'ابى اقدم طلب سله',
  'يا اخوان ابغى اسجل في السله دحين، كيف؟',
  'اقدم طلب',
]);

const STATUS = said('status', [
  'وين وصل طلبي',
  'وش صار على طلبي؟',
  'ايش صار على طلبي الله يعافيكم',
  'السلام عليكم قدمت على السلة من اسبوعين وما احد رد علي، وش صار؟',
  'متى يطلع رد طلبي',
  {
    text: 'متى اعرف نتيجة طلبي؟',
    note: 'about the person’s own request, so status even though the FAQ has a similar question',
  },
  'طلبي انقبل ولا لا؟',
  'ابي اتابع طلبي',
  'متابعة طلب',
  'متابعه طلب المساعده',
  'رقم طلبي 2024-0153 وش وضعه',
  'حالة الطلب',
  'حاله طلبي',
  'ابي اعرف حالة طلب الايجار اللي قدمته',
  'شلون اعرف وين وصل طلبي؟ عندي الرقم المرجعي',
  'قدمت طلب مساعده في الكهرباء وماجاني شي للحين',
  'طلبي للحين تحت الدراسه؟ صار له شهر',
  'هل تمت الموافقة على طلبي',
  'انرفض طلبي؟ ليش ما وصلتني رساله',
  'كم باقي على رد اللجنه على طلبي',
  'wen tlbi',
  'wain wasal talabi',
  'where is my application',
  'any update on my request?',
  'status of my request please',
  'what happened to my application for the food basket',
  'يعطيكم العافيه متى تنزل السلة حقتي؟ انقبلت من اسبوع',
  'استعلام عن طلب',
  'ابغى استعلم عن طلبي',
  'قدمت طلب كفالة لعيالي متى يرد علي احد',
  'وش صار على شهادة العضويه اللي طلبتها',
  'طلب رقم ١٢٣٤٥ وين وصل',
  'الطلب حقي وش صار عليه؟',
  'المعامله حقتي وصلت لوين',
  'ابي اعرف هل طلبي مكتمل ولا ناقصه اوراق',
  'صارلي ٣ اسابيع انتظر الرد على طلب الايجار',
  'فين وصل طلبي دحين',
  'وشو صار على طلبي ذلحين؟',
  'وش صار على طلبى',
  'متبعة طلبي',
]);

const MISSING_INFO = said('missing-info', [
  'طلبوا مني اوراق ناقصة ابي ارسلها',
  'جتني رساله انه ناقص تعريف بالدخل، ابي ارفعه',
  'ابي ارسل الاوراق الناقصه',
  'اللجنة طلبت صك الطلاق وهو جاهز عندي وين ارسله',
  'ابي ارفق عقد الايجار اللي طلبتوه',
  'ارسلتوا لي اني لازم ارسل صورة الهويه مره ثانيه، هذي هي',
  'عندي المستندات المطلوبه للطلب كيف ارسلها',
  'ابي اكمل النواقص',
  'استكمال نواقص الطلب',
  'ابي اكمل بيانات طلبي اللي طلبتوها',
  'قالوا لي ناقص تقرير طبي، طلع التقرير الحين ابي ارسله',
  'I got a message asking for more documents, I want to send them',
  'sending the missing papers',
  'abi arsel el awraq elly tlbtoha',
  'طلبتوا مني معلومات زيادة عن دخل الاسرة، ابي ارد عليها',
  'وصلتني رساله من اللجنة تبي صك اعالة، جبته',
  'ارسال المستندات الناقصه',
  'ابي ارسل تعريف الراتب اللي طلبته اللجنه',
]);

const COMPLAINT = said('complaint', [
  'ابي اقدم شكوى',
  'عندي شكوى',
  'شكوى',
  'ابغى اشتكي على الموظف اللي في الاستقبال تعامله سيء',
  'السلام عليكم عندي شكوى على المندوب اللي جاب السلة كان يكلمنا بقلة ذوق',
  'اشتكي على تأخير طلبي صار له شهرين وكل مره يقولون بكره',
  'ودي ارفع شكوى على الجمعية',
  'أرغب في تقديم شكوى بخصوص سوء المعاملة في مقر الجمعية',
  'السلة اللي وصلتنا فيها اغراض منتهيه والرز فيه سوس، ابي اشتكي',
  'اتصلت عليكم ١٠ مرات وما احد يرد، هذا ما يصير',
  'المندوب وعدنا يجي ولا جا، ابي اسجل شكوى',
  'ليش تعطون ناس وناس لا؟ جيراننا ياخذون سلة كل شهر واحنا لا، هذي مو عداله',
  'انا متضايقه من طريقة الباحثه الاجتماعيه، سالتني اسئله محرجه قدام الناس',
  {
    text: 'رفضتوا طلبي بدون سبب وابي اعترض',
    note: 'an objection to a decision goes to the follow-up committee as a complaint',
  },
  'اعتراض على رفض الطلب',
  'ابي اصعد شكواي للاداره ما احد رد علي',
  'فيه موظف عندكم نشر صور اوراقي في قروب، ابي اشتكي',
  'I want to file a complaint',
  'complaint about the delivery guy, he was rude',
  'your staff never answer the phone, this is unacceptable',
  '3ndi shakwa',
  'abi ashtki 3la almowazaf',
  'شكوي',
  'ابي اشتكي',
  'شكوه على سوء الخدمه',
  'الموظف سكر الخط في وجهي',
  'والله ما عاد فيه احترام، الموظفه رفعت صوتها علي قدام الكل',
  'المرشد اللي ارسلتوه للحجاج ما جا وتركنا بالساعات في الشمس',
  'وزعتوا الوجبات متاخر والحجاج جلسوا بدون اكل، هذا تقصير',
  'اعترض على قرار اللجنه',
  'ابي ارفع بلاغ عن تقصير',
  'Complaint: I was promised a call back 2 weeks ago and no one called',
]);

const SUGGESTION = said('suggestion', [
  'عندي اقتراح',
  'ابي اقدم اقتراح',
  'اقتراح لو تخلون توزيع السلال بالبيوت بدل ما نروح للجمعية',
  'ياليت تفتحون فرع في حائل الناس هناك محتاجين',
  'اقترح تسوون دوام مسائي عشان اللي يشتغلون الصبح',
  'ودي اقترح عليكم شي بسيط: رسالة تذكير قبل موعد الاستلام',
  'لو تضيفون خدمة تقديم بالانجليزي للمقيمين يكون افضل',
  'عندي فكره لتطوير الخدمه',
  'مقترح',
  'I have a suggestion',
  'suggestion: add delivery for elderly people',
  'it would be nice if you had an english menu',
  '3ndi e8tira7',
  'اقتراحي تخلون المرشدين في المشاعر يلبسون لون واحد عشان الحجاج يعرفونهم',
  'نتمنى لو يكون فيه نقاط توزيع موية اكثر عند الجمرات، مجرد اقتراح',
  'ملاحظه للتطوير: الاستماره طويله مره، لو تختصرونها',
  'لو سمحت عندي مقترح لحلقات التحفيظ، ليتها تكون بعد العصر بدل المغرب',
]);

const COMPENSATION = said('compensation', [
  'ابي تعويض',
  'ابغى اقدم طلب تعويض',
  'مطالبة بتعويض',
  'مندوبكم صدم سيارتي وهو يوزع السلال وابي تعويض عن الضرر',
  'بسبب غلطتكم انقطعت الكهرباء عنا اسبوع لأنكم قلتوا بتسددون وما سددتوا، ابي تعويض',
  'العامل حقكم كسر باب البيت وهو يركب الثلاجة، مين يعوضني؟',
  'ضيعتوا اصل صك الولاية اللي سلمته لكم وتكلفت اطلع بدل، ابي حقي',
  'تأخرتوا في دفع الايجار وصاحب البيت فرض علي غرامه، لازم تعوضوني',
  'I want to claim compensation',
  'your driver damaged my car, I want compensation',
  'abi ta3weed',
  'اطالب بالتعويض عن الضرر اللي صار لي بسبب خطأ الجمعية',
  'الدواء اللي صرفتوه لابوي غلط وتعب بسببه ودخل المستشفى، ابي تعويض',
  'ابي اطالب بتعويض لان المرشد ضيع جواز الحاج',
  'ابغا تعويض عن الاغراض اللي ضاعت بسبب المندوب',
  'خسرت يومين دوام بسبب موعدكم اللي انلغى بدون ما تبلغوني، ابي تعويض',
]);

const SURVEY = said('survey', [
  'ابي اقيم الخدمه',
  'ابغى اقيمكم',
  'تقييم الخدمة',
  'ودي اعطيكم تقييم على تعامل الموظف',
  'ابي اعبي استبيان الرضا',
  'وين الاستبيان اللي قلتوا عنه؟ ابي اعبيه',
  'اقيم الخدمه ١٠ من ١٠',
  'ابي اعطي رأيي في الخدمه اللي قدمتوها',
  'I want to rate the service',
  'rate service',
  'give feedback on my experience',
  'I want to leave a rating',
  'abi aqayem el5edma',
  'ابغى اقيم تجربتي مع الجمعية بعد ما استلمت السلة',
  'قياس الرضا',
  'ابي اقيم المرشد اللي كان معنا في العمره',
  'وين اعطي نجوم للخدمه',
]);

const HANDOFF = said('handoff', [
  'ابي اكلم موظف',
  'ابغى اكلم احد',
  'فيه احد يرد؟',
  'ابي اتواصل مع موظف',
  'abi atwasl m3 mowazaf',
  'ابي موظف حقيقي مو بوت',
  'ابغى اكلم انسان',
  'ممكن احد يكلمني؟',
  'اتصلوا علي لو سمحتوا',
  'ابي احد يتصل علي ضروري',
  'خدمة العملاء',
  'ابي خدمة العملاء',
  'تحويل لموظف',
  'كلموني',
  'السلام عليكم ابي اكلم الباحثه الاجتماعيه اللي ماسكه ملفي',
  'ابي اكلم المسؤول',
  'وصلني بالمدير لو سمحت',
  'الله يعافيكم ابي احد من الموظفين يتواصل معي عندي حاله خاصه ما اقدر اكتبها هنا',
  'ما فهمت عليك، ابي اكلم شخص',
  'ابغا احد يفهمني',
  'talk to a human',
  'I want to speak to an agent',
  'customer service please',
  'can someone call me',
  'need to talk with employee',
  'real person pls',
  'kalmoni',
  'ab8a akalem ahad',
  'ابي اكلم ضابط الاتصال',
  'ابي رقم موظف اكلمه مباشره',
  'موظف',
  'ابي اكلم احد من الجمعيه بخصوص موضوع عائلي',
  'ابغى اكلم موضف',
  'ابغى اكلم احد دحين الله يخليكم',
]);

const MY_DATA = said('my-data', [
  'ابي اشوف بياناتي',
  'وش البيانات اللي عندكم عني؟',
  'ايش المعلومات اللي محفوظه عندكم عني',
  'ابي اعدل رقم جوالي',
  'غيرت رقم جوالي ابي احدثه',
  'اسمي مكتوب غلط عندكم ابي اصححه',
  'ابغى اغير اسمي، ناقص اسم الجد',
  'تحديث رقم الجوال',
  'تعديل بياناتي',
  'بياناتي',
  'ابي نسخه من بياناتي الشخصيه',
  'رقم الجوال المسجل عندكم غلط',
  'show me my data',
  'what personal data do you have about me',
  'I want to update my phone number',
  'abi a3del ra8mi',
  'رقمي القديم انقفل، سجلوا رقمي الجديد 0551234567',
  'عنواني تغير انتقلنا لحي ثاني ابي احدثه',
]);

const DELETE_DATA = said('delete-data', [
  'ابي احذف بياناتي',
  'احذفوا بياناتي لو سمحتوا',
  'ابغى امسح معلوماتي من عندكم',
  'ما ابي تحتفظون بمعلوماتي',
  'حذف البيانات',
  'حذف حسابي',
  'ابي الغي حسابي عندكم نهائيا',
  'اسحب موافقتي على حفظ بياناتي',
  'ما عدت موافق على استخدام بياناتي',
  'delete my data',
  'please remove my personal information',
  'I withdraw my consent',
  'delete my account',
  'abi a7thf bayanati',
  'ابي احذف بيناتي',
  'انا ما احتاج الجمعية خلاص، امسحوا كل شي يخصني',
  'ابي امسح صوري واوراقي اللي ارسلتها لكم',
  'لا اريد ان تبقى بياناتي لديكم، اطلب حذفها وفق نظام حماية البيانات',
]);

const VOLUNTEER = said('volunteer', [
  'ابي اتطوع',
  'ابغى اتطوع معكم',
  'ودي اتطوع في خدمة الحجاج هالسنه',
  'ابي اسجل متطوع',
  'تسجيل متطوع',
  'التطوع',
  'انا طالب جامعي وعندي وقت فراغ ابي اتطوع بالتوزيع',
  'عندي سيارة واقدر اوصل السلال للبيوت تطوعا',
  'انا ممرضه وودي اتطوع في الرعايه الصحيه للحجاج',
  'ابي انضم لفريقكم التطوعي',
  'اقدر اساعد معكم في رمضان بتوزيع الافطار',
  'I want to volunteer',
  'volunteering',
  {
    text: 'how can i join as a volunteer? I speak urdu and english',
    note: 'offers their skills: wants to join, not just to know how it works',
  },
  'abi at6awa3',
  'ودي اشارك معكم متطوعه في تحفيظ البنات',
  'نحن مجموعه شباب من رابغ ونبي نتطوع في الحج',
  'اخوي يبي يتطوع معكم ينفع اسجله؟',
]);

const FIELD_HELP = said('field-help', [
  'الحقووونا حاج طاح عند الجمرات',
  'ابوي تعبان ومو قادر يمشي واحنا عند باب الملك فهد',
  'ضعنا في منى ومو عارفين نرجع للمخيم',
  'امي ضايعه في الحرم ساعدونا',
  'حاجه كبيره بالسن تعبت من الحر عند جسر الجمرات، ابي احد يجي',
  'احنا فى مزدلفه وما معنا موية والحر شديد',
  'فيه معتمر مغمى عليه في المسعى، وين المندوب',
  'ابي مندوب يجيني الحين ضروري',
  'محتاج مساعده عاجله في موقعي',
  'need help now, my father fainted near gate 79',
  'urgent help at my location',
  'we are lost in mina',
  'ابي احد يجي يشوف وضعنا، البيت سقفه يخر والعيال صغار',
  {
    text: 'ممكن ترسلون باحث يزور البيت؟ ما اقدر اطلع من البيت',
    note: 'a home visit is field help (someone comes to the person)',
  },
  'زياره ميدانيه',
  'ساعدوني عاجل انا عند الحرم',
  'انا عند مخيم ٢٥ في عرفات وواحد من المجموعه يشتكي من صدره',
  'الحافله تركتنا عند الحرم ومعنا كبار سن',
  'ارسلت لكم موقعي تعالوا بسرعه',
  'mosa3da 3ajla ana 3nd al haram',
]);

const QUESTION = said('question', [
  'متى الدوام؟',
  'وش اوقات الدوام عندكم',
  'متى تفتحون؟',
  'الجمعيه تفتح يوم السبت؟',
  'وين مقركم؟',
  'وين مكان الجمعيه بالضبط',
  'ما شروط الحصول على المساعدة؟',
  'وش الشروط عشان اسجل في السلة؟',
  'ايش الاوراق المطلوبه؟',
  'وش المستندات المطلوبه لطلب الايجار',
  'هل تقبلون المقيمين ولا بس السعوديين؟',
  'هل اقدر اقدم واني ساكنه في قريه برا المدينه؟',
  'كم يوم ياخذ الطلب عشان ينرد عليه؟',
  {
    text: 'كيف اقدم شكوى؟',
    note: 'asks how complaints work (the FAQ answers it), no complaint yet',
  },
  {
    text: 'how do i complain?',
    note: 'asks how complaints work, not a complaint',
  },
  'هل بياناتي سريه؟',
  'تشاركون بياناتي مع جهات ثانيه؟',
  'رقم الجمعيه كم؟',
  'ايميلكم وش هو',
  'وش الخدمات اللي تقدمونها؟',
  'مين يستفيد من خدماتكم؟',
  'من هي جمعية الهدى؟',
  'وين القى مناديبكم في الحج؟ ابي اعرف قبل ما اسافر',
  'متى يحق لي التعويض؟',
  'كيف تقيسون رضا المستفيدين؟',
  'what are your working hours',
  'where is your office',
  'what documents do i need?',
  'who can get help from you?',
  'do you help residents (non saudi)?',
  'wsh al shoroot',
  'متى تنزل السلال عادة؟ كل شهر ولا كل شهرين؟',
  'هل المساعده تنصرف كاش ولا قسايم؟',
  'لازم يكون عقد الايجار موثق في ايجار؟',
  {
    text: 'كم المدة اللي تاخذها اللجنة عادة في دراسة الطلبات؟',
    note: 'the usual time for any request, not their own: the FAQ answers it',
  },
  'هل الدوام في رمضان نفس الوقت؟',
  'تداومون ايام العيد؟',
  'هل تقدمون مساعدات للطلاب الجامعيين؟',
  'اقدر اقدم اكثر من طلب بنفس الوقت؟',
  'وش المطلوب مني عشان اقدم؟',
  'هل عندكم حلقات تحفيظ للكبار؟',
  {
    text: 'كيف أتطوع مع الجمعية؟',
    note: 'a how-it-works question (the FAQ answers it and points to the volunteer flow)',
  },
]);

const AMBIGUOUS = said('ambiguous', [
  { text: 'طلب', note: 'a new request or the status of one' },
  {
    text: 'مساعدة في الطلب',
    note: 'help filling in a request, or with an existing one (status, missing items)',
  },
  { text: 'عندي مشكلة في طلبي', note: 'a complaint about the request, or asking where it stands' },
  { text: 'عندي ملاحظة', note: 'a complaint or a suggestion' },
  { text: 'ابي اعدل طلبي', note: 'add missing information to the request, or correct personal data in it' },
  { text: 'ابغى اتواصل بخصوص طلبي', note: 'a person to talk to, or the status of the request' },
  { text: 'مساعده', note: 'to apply for aid, or help with using the bot / a person' },
  { text: 'help', note: 'to apply for aid, or help with using the bot / a person' },
  { text: 'استفسار', note: 'a question for the FAQ, or a person to ask' },
  {
    text: 'ابي احدث بيانات عضويتي',
    note: 'the cooperative’s member service “update of membership details” (apply) or correcting my data',
  },
  { text: 'الاوراق', note: 'which documents are required (question), or sending missing ones' },
  {
    text: 'الموظف ما رد علي وطلبي له شهر',
    note: 'complaint about the silence, or asking where the request stands',
  },
  { text: 'ابي الغي طلبي', note: 'no cancel intent: status of the request, or delete my data' },
  { text: 'ابي اكلمكم عن الطلب', note: 'a person, or the status of the request' },
]);

/** Every message with the intent it should reach. */
export const INTENT_CORPUS: readonly IntentCase[] = [
  ...APPLY,
  ...STATUS,
  ...MISSING_INFO,
  ...COMPLAINT,
  ...SUGGESTION,
  ...COMPENSATION,
  ...SURVEY,
  ...HANDOFF,
  ...MY_DATA,
  ...DELETE_DATA,
  ...VOLUNTEER,
  ...FIELD_HELP,
  ...QUESTION,
  ...AMBIGUOUS,
];

/**
 * Messages at the main menu that ask for nothing: greetings, thanks, acknowledgements, emoji, seasonal
 * wishes. None may start a flow; the bot should greet back or show the menu. Several hold a word a
 * matcher might catch («رمضان», «العيد», «السلة», «موظف»-like «مين معي»).
 */
export const NOT_INTENTS: readonly string[] = [
  'السلام عليكم',
  'السلام عليكم ورحمة الله وبركاته',
  'مساء الخير',
  'صباح الخير',
  'مرحبا',
  'هلا',
  'hi',
  'hello',
  'شكرا',
  'شكرا جزيلا',
  'مشكورين',
  'الله يجزاكم خير',
  'الله يعطيكم العافيه',
  'تمام',
  'طيب',
  'اوكي',
  'ok',
  'ok thanks',
  'thx',
  '👍',
  '🙏🏻',
  '🌹🌹',
  'هههه',
  'ههههههه',
  'ابشر',
  'ان شاء الله',
  'الحمد لله',
  'رمضان كريم',
  'عيدكم مبارك وكل عام وانتم بخير',
  'جمعة مباركة',
  'وصلتني السلة جزاكم الله خير',
  // Who am I talking to? The bot introduces itself; it is no request for a person.
  'مين معي؟',
  'نعم',
  'لا',
  '؟',
  '...',
  'test',
];
